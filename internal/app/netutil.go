package app

import (
	"fmt"
	"net"
	"strconv"
)

func splitHostPort(addr string) (string, string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", "", fmt.Errorf("must be host:port (e.g. 127.0.0.1:8080), got %q", addr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return "", "", fmt.Errorf("port must be 0–65535, got %q", port)
	}
	return host, port, nil
}

func joinHostPort(host, port string) string { return net.JoinHostPort(host, port) }
