package connector

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
)

// closeAfterOneServer answers the first request of each connection and
// keeps the connection open without a word, then drops it when a second
// request comes on it — what snac does, and what any server does when its
// idle timeout strikes as a request goes out. It counts the requests it
// answered.
func closeAfterOneServer(t *testing.T) (addr string, answered func() int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var mu sync.Mutex
	n := 0
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for i := 0; ; i++ {
					req, err := http.ReadRequest(r)
					if err != nil {
						return
					}
					io.Copy(io.Discard, req.Body)
					if i > 0 {
						c.(*net.TCPConn).SetLinger(0) // reset, as snac does
						return
					}
					mu.Lock()
					n++
					mu.Unlock()
					body := `{"access_token":"t"}`
					io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "+
						strconv.Itoa(len(body))+"\r\n\r\n"+body)
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String(), func() int { mu.Lock(); defer mu.Unlock(); return n }
}

func TestMarkReplayableSurvivesAClosedKeptAliveConnection(t *testing.T) {
	t.Parallel()
	for _, replayable := range []bool{true, false} {
		base, answered := closeAfterOneServer(t)
		deps := Deps{HTTP: &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}, Clock: clock.NewFake(time.Now())}
		var errs []error
		for range 3 {
			req, _ := http.NewRequest(http.MethodPost, base+"/oauth/token", strings.NewReader("grant_type=authorization_code&code=c"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if replayable {
				MarkReplayable(req)
			}
			if _, _, err := Do(deps, req); err != nil {
				errs = append(errs, err)
			}
			// Let the transport put the connection back in its pool.
			time.Sleep(20 * time.Millisecond)
		}
		if replayable {
			if len(errs) > 0 || answered() != 3 {
				t.Errorf("replayable: %d answered, errors %v", answered(), errs)
			}
		} else if len(errs) == 0 {
			// Without the mark the transport must not send a POST twice:
			// this is what the mark is for.
			t.Errorf("not replayable: no error on a reused, closed connection (%d answered)", answered())
		}
	}
}

func TestMarkReplayableSendsNoHeaderAndKeepsAKey(t *testing.T) {
	t.Parallel()
	req, _ := http.NewRequest(http.MethodPost, "http://x.test/", strings.NewReader("a"))
	MarkReplayable(req)
	var b strings.Builder
	req.Header.Write(&b)
	if strings.Contains(b.String(), "Idempotency") {
		t.Errorf("the mark went on the wire: %q", b.String())
	}
	req.Header.Set("Idempotency-Key", "k1")
	MarkReplayable(req)
	if got := req.Header.Get("Idempotency-Key"); got != "k1" {
		t.Errorf("a real key was replaced: %q", got)
	}
}
