package fetch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// AllowNetworksEnv is the environment variable holding the networks an
// administrator allows despite the guard (comma-separated CIDRs).
const AllowNetworksEnv = "PARVIS_FETCH_ALLOW_NETWORKS"

// BlockedError is returned when an address is refused by the guard. It is
// permanent: retrying will not change where a name points to in any way the
// source owner controls.
type BlockedError struct {
	Host   string     // the host name or literal of the URL
	Addr   netip.Addr // the refused address
	Reason string     // e.g. "private", "loopback", "link-local"
}

func (e *BlockedError) Error() string {
	return fmt.Sprintf("address %s of host %s is %s and not allowed; set %s to allow it",
		e.Addr, e.Host, e.Reason, AllowNetworksEnv)
}

// blockedRange is a range of addresses the guard refuses, with the reason
// given to the user.
type blockedRange struct {
	prefix netip.Prefix
	reason string
}

// blockedRanges lists every special-purpose range that must not be reached
// from a URL a user typed (IANA IPv4/IPv6 special-purpose registries).
// IPv4-mapped, NAT64 and 6to4 addresses are unwrapped before this check.
func blockedRanges() []blockedRange {
	mk := func(cidr, reason string) blockedRange {
		return blockedRange{netip.MustParsePrefix(cidr), reason}
	}
	return []blockedRange{
		mk("0.0.0.0/8", "unspecified"),
		mk("10.0.0.0/8", "private"),
		mk("100.64.0.0/10", "shared (carrier-grade NAT)"),
		mk("127.0.0.0/8", "loopback"),
		mk("169.254.0.0/16", "link-local (cloud metadata)"),
		mk("172.16.0.0/12", "private"),
		mk("192.0.0.0/24", "reserved for IETF protocols"),
		mk("192.0.2.0/24", "reserved for documentation"),
		mk("192.88.99.0/24", "reserved (6to4 relay)"),
		mk("192.168.0.0/16", "private"),
		mk("198.18.0.0/15", "reserved for benchmarking"),
		mk("198.51.100.0/24", "reserved for documentation"),
		mk("203.0.113.0/24", "reserved for documentation"),
		mk("224.0.0.0/4", "multicast"),
		mk("240.0.0.0/4", "reserved"), // includes 255.255.255.255 broadcast
		mk("::/128", "unspecified"),
		mk("::1/128", "loopback"),
		mk("::/96", "reserved (IPv4-compatible)"),
		mk("100::/64", "reserved (discard)"),
		mk("2001::/23", "reserved for IETF protocols"),
		mk("2001:db8::/32", "reserved for documentation"),
		mk("fc00::/7", "private (unique local)"),
		mk("fe80::/10", "link-local"),
		mk("fec0::/10", "private (site-local)"),
		mk("ff00::/8", "multicast"),
	}
}

// guard decides which addresses may be dialled.
type guard struct {
	allow   []netip.Prefix
	blocked []blockedRange
	resolve func(ctx context.Context, host string) ([]netip.Addr, error)
}

func newGuard(opts Options) *guard {
	g := &guard{allow: opts.AllowNetworks, blocked: blockedRanges(), resolve: opts.Resolver}
	if g.resolve == nil {
		g.resolve = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	return g
}

// check returns a *BlockedError when addr may not be dialled.
func (g *guard) check(host string, addr netip.Addr) error {
	addr = addr.WithZone("")
	for _, p := range g.allow {
		if p.Contains(addr) || p.Contains(addr.Unmap()) {
			return nil
		}
	}
	if reason := g.reason(addr); reason != "" {
		return &BlockedError{Host: host, Addr: addr, Reason: reason}
	}
	return nil
}

// reason says why addr is refused, or "" when it is a public address.
func (g *guard) reason(addr netip.Addr) string {
	if !addr.IsValid() {
		return "invalid"
	}
	inner := embeddedIPv4(addr)
	for _, b := range g.blocked {
		if b.prefix.Contains(inner) {
			return b.reason
		}
	}
	return ""
}

// embeddedIPv4 unwraps the IPv4 address carried by an IPv4-mapped
// (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, so that
// ::ffff:127.0.0.1 is judged as 127.0.0.1.
func embeddedIPv4(addr netip.Addr) netip.Addr {
	if addr.Is4In6() {
		return addr.Unmap()
	}
	if !addr.Is6() {
		return addr
	}
	b := addr.As16()
	if netip.MustParsePrefix("64:ff9b::/96").Contains(addr) {
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	if netip.MustParsePrefix("2002::/16").Contains(addr) {
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
	}
	return addr
}

// lookup resolves host (a name or a literal) and checks every address it
// resolves to: one refused address refuses the host, so that a name cannot
// mix a public and a private address to slip past the check.
func (g *guard) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		if err := g.check(host, a); err != nil {
			return nil, err
		}
		return []netip.Addr{a}, nil
	}
	addrs, err := g.resolve(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("resolve host %s: %w", host, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("resolve host %s: no address", host)
	}
	for _, a := range addrs {
		if err := g.check(host, a); err != nil {
			return nil, err
		}
	}
	return addrs, nil
}

// ParseAllowNetworks parses the value of PARVIS_FETCH_ALLOW_NETWORKS: CIDRs
// (or single addresses) separated by commas, blanks ignored.
func ParseAllowNetworks(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return nil, fmt.Errorf("%s: entry %d %q is not a CIDR (e.g. 127.0.0.0/8) nor an address", AllowNetworksEnv, i+1, part)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("%s: entry %d %q is not a valid CIDR (e.g. 127.0.0.0/8): %v", AllowNetworksEnv, i+1, part, err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// CheckURL validates a URL a user gives for a source: scheme http or https,
// a host, and every address the host resolves to allowed by the guard. It
// is the check to run when a source is created, so that a refused URL gets
// its clear error then rather than at the first poll.
func CheckURL(ctx context.Context, opts Options, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("url %q: %v", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("url %q: scheme %q is not allowed; use http or https", rawURL, u.Scheme)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("url %q: no host", rawURL)
	}
	_, err = newGuard(opts).lookup(ctx, u.Hostname())
	return err
}
