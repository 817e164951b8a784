//go:build !amd64 || amd64.v3

package main

// bitExact: elsewhere (arm64, GOAMD64=v3 and above) the compiler may fuse
// a multiply and an add, and the weights differ in their last bits.
const bitExact = false
