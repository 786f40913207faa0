// Stands in for the `debug` package in the bundle. dockerode's modem, node-vault and the proxy agents log
// through it when DEBUG is set, straight to stderr and past the redactor: request options with the
// X-Registry-Auth header, Vault login bodies. cs has its own --log-level debug, which redacts.
function createDebug() {
  const log = () => undefined;
  return Object.assign(log, { enabled: false, namespace: '', extend: createDebug, destroy: () => undefined, log });
}
module.exports = Object.assign(createDebug, {
  default: createDebug,
  enable: () => undefined,
  disable: () => '',
  enabled: () => false,
  coerce: (v) => v,
  formatters: {},
});
