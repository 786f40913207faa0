// The entry of dist/lib/ssh2/: ssh2 bundled on its own, loaded by scripts/shims/ssh2.cjs when needed.
module.exports = require('ssh2');
