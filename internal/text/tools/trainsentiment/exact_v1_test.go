//go:build amd64 && !amd64.v3

package main

// bitExact: on amd64 below GOAMD64=v3 the compiler never fuses a multiply
// and an add, so training gives the committed model's bytes exactly.
const bitExact = true
