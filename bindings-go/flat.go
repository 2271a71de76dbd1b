package loginkit

/*
#include "loginkit.h"
*/
import "C"

import (
	"encoding/binary"
	"runtime"
	"sync"
	"unsafe"
)

// The per-request calls go through loginkit_flat_call: the arguments in
// one pointer-free buffer in the flat request format (bindings-c/src/flat.rs,
// which the JVM binding shares), the answer in another. One cgo call each,
// nothing for C to pin or for Go to free, and the option list and its
// order are defined once, in Rust.

// absent is the length of a string that was not given.
const absent = C.LOGINKIT_FLAT_ABSENT

// buffers is a request and a response buffer, reused through a pool: the
// results are copied out, so a buffer never outlives its call.
type buffers struct {
	request  []byte
	response []byte
}

var pool = sync.Pool{New: func() any { return &buffers{request: make([]byte, 0, 512), response: make([]byte, 1024)} }}

// flatRequest is a request being written.
type flatRequest struct {
	buffers *buffers
}

func newRequest(op uint32) flatRequest {
	b := pool.Get().(*buffers)
	b.request = binary.LittleEndian.AppendUint32(b.request[:0], op)
	return flatRequest{b}
}

func (r flatRequest) u32(value uint32) {
	r.buffers.request = binary.LittleEndian.AppendUint32(r.buffers.request, value)
}

func (r flatRequest) u64(value uint64) {
	r.buffers.request = binary.LittleEndian.AppendUint64(r.buffers.request, value)
}

// text writes s; as everywhere in the Go API, "" is "not given".
func (r flatRequest) text(s string) {
	if s == "" {
		r.u32(absent)
		return
	}
	r.u32(uint32(len(s)))
	r.buffers.request = append(r.buffers.request, s...)
}

// required writes s even when empty (a scope, an extra parameter).
func (r flatRequest) required(s string) {
	r.u32(uint32(len(s)))
	r.buffers.request = append(r.buffers.request, s...)
}

// authorization writes a redirect URI and its options in the order
// flat::AuthorizationLists reads them.
func (r flatRequest) authorization(redirectURI string, opts *AuthorizationURLOptions) {
	r.text(redirectURI)
	for _, s := range [...]string{opts.State, opts.Nonce, opts.LoginHint, opts.DomainHint, opts.ConnectionID,
		opts.OrganizationID, opts.Provider, opts.Prompt, opts.CodeChallenge, opts.CodeChallengeMethod} {
		r.text(s)
	}
	if opts.Scopes == nil {
		r.u32(absent)
	} else {
		r.u32(uint32(len(opts.Scopes)))
		for _, scope := range opts.Scopes {
			r.required(scope)
		}
	}
	r.u32(uint32(len(opts.ExtraParams)))
	for _, param := range opts.ExtraParams {
		r.required(param[0])
		r.required(param[1])
	}
}

// send makes the call (client may be nil for the ops that need none) and
// returns the answer, or the error it carries. The caller reads the
// answer and then calls done.
func (r flatRequest) send(client *Client) (*flatResponse, error) {
	b := r.buffers
	var ptr *C.LoginkitClient
	if client != nil {
		ptr = client.ptr
	}
	call := func() int64 {
		return int64(C.loginkit_flat_call(ptr, (*C.uint8_t)(unsafe.SliceData(b.request)), C.size_t(len(b.request)),
			(*C.uint8_t)(unsafe.SliceData(b.response)), C.size_t(len(b.response))))
	}
	n := call()
	if n < 0 {
		b.response = make([]byte, -n)
		n = call()
	}
	runtime.KeepAlive(client)
	answer := &flatResponse{buffers: b, rest: b.response[:n]}
	if answer.u32() != C.LOGINKIT_FLAT_OK {
		code, message := Code(answer.text()), answer.text()
		oauthError, oauthErrorGiven := answer.optionalText()
		description, uri := answer.text(), answer.text()
		answer.done()
		if oauthErrorGiven {
			return nil, &AuthorizationError{Code: code, Message: message, OAuthError: oauthError,
				ErrorDescription: description, ErrorURI: uri}
		}
		return nil, &Error{Code: code, Message: message}
	}
	return answer, nil
}

// flatResponse is an answer being read. The library wrote it, so a short
// one is a bug in the library: it reads as zeros and empty strings rather
// than panicking.
type flatResponse struct {
	buffers *buffers
	rest    []byte
}

func (a *flatResponse) u32() uint32 {
	if len(a.rest) < 4 {
		a.rest = nil
		return 0
	}
	value := binary.LittleEndian.Uint32(a.rest)
	a.rest = a.rest[4:]
	return value
}

// optionalText copies the next string out, and whether it was given.
func (a *flatResponse) optionalText() (string, bool) {
	n := a.u32()
	if n == absent || uint64(n) > uint64(len(a.rest)) {
		return "", false
	}
	s := string(a.rest[:n])
	a.rest = a.rest[n:]
	return s, true
}

func (a *flatResponse) text() string {
	s, _ := a.optionalText()
	return s
}

// done returns the buffers to the pool.
func (a *flatResponse) done() {
	pool.Put(a.buffers)
}

// textResult sends r and returns the one string it answers.
func (r flatRequest) textResult(client *Client) (string, error) {
	answer, err := r.send(client)
	if err != nil {
		return "", err
	}
	defer answer.done()
	return answer.text(), nil
}

// verdict sends r and returns the boolean it answers.
func (r flatRequest) verdict() (bool, error) {
	answer, err := r.send(nil)
	if err != nil {
		return false, err
	}
	defer answer.done()
	return answer.u32() != 0, nil
}
