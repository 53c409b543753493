package nginxconf

// MaxSize is the largest file Parse reads, in bytes: 16 MiB, more than
// ten times the largest configuration seen in the wild. A larger input is
// refused with an *Error at its first byte beyond the limit, before any
// parsing, so that a hostile file cannot make a run use memory without
// bound: a parse takes up to about 90 bytes of memory for each byte of a
// file made of nothing but "a;", so 1.5 GB at most.
const MaxSize = 16 << 20

// MaxDepth is the deepest nesting of blocks Parse reads: 256 blocks, one
// inside another. nginx sets no limit, but no real configuration comes
// near it. The "{" that opens block 257 is refused with an *Error.
const MaxDepth = 256
