package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/parvis/parvis/internal/auth"
)

func runUser(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return &UsageError{"usage: parvis user create --email E --password-file F [--name N] [--admin]"}
	}
	var email, pwFile, name, lang string
	var admin bool
	cfg, _, err := configFlags(env, "user create", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "e-mail address (login)")
		fs.StringVar(&pwFile, "password-file", "", "file holding the password ('-' for stdin); never pass a password as an argument")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&lang, "lang", "", "preferred language: en or fr (default: from the browser)")
		fs.BoolVar(&admin, "admin", false, "make the user an instance administrator")
	})
	if err != nil {
		return err
	}
	if email == "" || pwFile == "" {
		return &UsageError{"user create: --email and --password-file are required"}
	}
	pw, err := readPasswordFile(env, pwFile)
	if err != nil {
		return err
	}
	a, err := open(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Auth.CreateUser(auth.SystemContext(ctx, "cli"), auth.NewUser{Email: email, Name: name, Password: pw, Admin: admin, Lang: lang})
	if err != nil {
		return err
	}
	kind := "user"
	if u.IsAdmin {
		kind = "administrator"
	}
	fmt.Fprintf(env.Stdout, "created %s %s (id %d)\n", kind, u.Email, u.ID)
	return nil
}

func readPasswordFile(env *Env, path string) (string, error) {
	var b []byte
	var err error
	if path == "-" {
		buf := make([]byte, 4096)
		n, rerr := env.Stdin.Read(buf)
		if rerr != nil && n == 0 {
			return "", fmt.Errorf("read password from stdin: %w", rerr)
		}
		b = buf[:n]
	} else {
		b, err = os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("--password-file: %w", err)
		}
	}
	pw := strings.TrimRight(string(b), "\r\n")
	if pw == "" {
		return "", errors.New("--password-file: the file is empty")
	}
	return pw, nil
}

func runToken(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return &UsageError{"usage: parvis token create --email E --name N"}
	}
	var email, name string
	cfg, _, err := configFlags(env, "token create", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "e-mail address of the user the token acts for")
		fs.StringVar(&name, "name", "", "name of the token (what it is for)")
	})
	if err != nil {
		return err
	}
	if email == "" || name == "" {
		return &UsageError{"token create: --email and --name are required"}
	}
	a, err := open(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	t, err := a.Auth.CreateTokenFor(auth.SystemContext(ctx, "cli"), email, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "token %q created for %s (id %d); it is shown only once:\n", t.Name, email, t.ID)
	fmt.Fprintln(env.Stdout, t.Secret)
	return nil
}
