// Stands in for ssh2 in the bundle: docker-modem requires it when it loads but uses it only for a
// DOCKER_HOST=ssh://… connection, so the real one (its own bundle, ./ssh2/) loads on the first such one.
let real;
module.exports = {
  Client: class Client {
    constructor(...args) {
      real ??= require('../ssh2/index.js');
      return new real.Client(...args);
    }
  },
};
