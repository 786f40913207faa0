// Stands in for @grpc/grpc-js and @grpc/proto-loader in the bundle. dockerode loads them for the BuildKit
// session of its buildImage(), which cloudstation never calls (builds run through the docker CLI).
module.exports = new Proxy(
  {},
  {
    get(_, name) {
      throw new Error(`gRPC is not bundled with cloudstation (dockerode asked for grpc.${String(name)})`);
    },
  },
);
