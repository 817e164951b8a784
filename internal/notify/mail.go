package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// SMTP is the mail server notifications are sent through.
type SMTP struct {
	Addr     string // host:port
	From     string
	Username string
	Password string
	// Insecure allows authentication without TLS (test servers only).
	Insecure bool
}

// Configured reports whether e-mail can be sent.
func (c SMTP) Configured() bool { return c.Addr != "" && c.From != "" }

func (s *Sender) sendMail(ctx context.Context, to []string, m Message) error {
	c := s.smtp
	if !c.Configured() {
		return &PermanentError{errors.New("e-mail is not configured (PARVIS_SMTP_ADDR, PARVIS_SMTP_FROM)")}
	}
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return &PermanentError{fmt.Errorf("smtp address: %w", err)}
	}
	d := net.Dialer{Timeout: 15 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", c.Addr)
	if err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	} else {
		conn.SetDeadline(time.Now().Add(time.Minute))
	}
	cl, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer cl.Close()
	if ok, _ := cl.Extension("STARTTLS"); ok {
		if err := cl.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return err
		}
	}
	if c.Username != "" {
		var a smtp.Auth
		if c.Insecure {
			a = insecurePlain{c.Username, c.Password}
		} else {
			a = smtp.PlainAuth("", c.Username, c.Password, host)
		}
		if err := cl.Auth(a); err != nil {
			return &PermanentError{err}
		}
	}
	if err := cl.Mail(c.From); err != nil {
		return err
	}
	for _, r := range to {
		if err := cl.Rcpt(r); err != nil {
			return err
		}
	}
	w, err := cl.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(buildMail(c.From, to, m)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return cl.Quit()
}

// buildMail renders a plain-text UTF-8 message.
func buildMail(from string, to []string, m Message) []byte {
	var b bytes.Buffer
	subject := m.Title
	if m.Priority == "high" {
		subject = "[!] " + subject
	}
	id := make([]byte, 12)
	rand.Read(id)
	domain := "parvis"
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		domain = strings.Trim(from[i+1:], "> ")
	}
	hdr := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	hdr("From", from)
	hdr("To", strings.Join(to, ", "))
	hdr("Subject", mime.QEncoding.Encode("utf-8", subject))
	hdr("Date", m.At.Format(time.RFC1123Z))
	hdr("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=utf-8")
	hdr("Content-Transfer-Encoding", "quoted-printable")
	hdr("Auto-Submitted", "auto-generated")
	if m.Priority == "high" {
		hdr("X-Priority", "1")
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(plain(m, ""), "\n", "\r\n") + "\r\n"))
	qp.Close()
	return b.Bytes()
}

// insecurePlain is PLAIN authentication without net/smtp's TLS check.
type insecurePlain struct{ user, pass string }

func (a insecurePlain) Start(*smtp.ServerInfo) (string, []byte, error) {
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.pass), nil
}

func (a insecurePlain) Next([]byte, bool) ([]byte, error) { return nil, nil }
