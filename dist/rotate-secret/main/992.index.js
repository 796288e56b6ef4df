export const id = 992;
export const ids = [992];
export const modules = {

/***/ 34992:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sealedBox: () => (/* binding */ sealedBox)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _noble_ciphers_salsa_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(46382);
/* harmony import */ var _noble_hashes_blake2_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(10904);



/**
 * libsodium's crypto_box_seal, which GitHub requires for secret values: an ephemeral X25519 key
 * pair, nonce = BLAKE2b-24(ephemeral pk ‖ recipient pk), key = HSalsa20(X25519 shared secret, 0),
 * then the XSalsa20-Poly1305 secretbox; the output is ephemeral pk ‖ MAC ‖ ciphertext.
 * Built on node:crypto's X25519 and the audited @noble primitives instead of libsodium.js, whose
 * WebAssembly heap costs ~17 MiB of a 55 MiB memory budget. Tests open these boxes with libsodium.
 */
/** Native-endian 32-bit words of a byte string, on a fresh buffer (a Buffer may sit in a shared pool). */
const words = (bytes) => new Uint32Array(new Uint8Array(bytes).buffer);
// The Salsa20 constant HSalsa20 starts from.
const SIGMA = words(Buffer.from('expand 32-byte k', 'ascii'));
// The DER prefix that wraps a raw 32-byte X25519 public key as SPKI for node:crypto.
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
function sealedBox(message, recipientPublicKey) {
    if (recipientPublicKey.length !== 32)
        throw new TypeError(`sealedBox: a public key has 32 bytes, got ${recipientPublicKey.length}`);
    const ephemeral = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('x25519');
    const ephemeralPublic = ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
    const shared = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.diffieHellman)({
        privateKey: ephemeral.privateKey,
        publicKey: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: Buffer.concat([SPKI_PREFIX, recipientPublicKey]), format: 'der', type: 'spki' }),
    });
    const nonce = (0,_noble_hashes_blake2_js__WEBPACK_IMPORTED_MODULE_1__/* .blake2b */ .Sx)(Buffer.concat([ephemeralPublic, recipientPublicKey]), { dkLen: 24 });
    const boxed = (0,_noble_ciphers_salsa_js__WEBPACK_IMPORTED_MODULE_2__/* .secretbox */ .EY)(hsalsa20(shared), nonce).seal(message);
    return Buffer.concat([ephemeralPublic, boxed]);
}
/** crypto_box_beforenm: HSalsa20 of the shared secret with a zero input. */
function hsalsa20(shared) {
    const key = words(shared);
    const out = new Uint32Array(8);
    (0,_noble_ciphers_salsa_js__WEBPACK_IMPORTED_MODULE_2__/* .hsalsa */ .bD)(SIGMA, key, new Uint32Array(4), out);
    return new Uint8Array(out.buffer);
}


/***/ })

};
