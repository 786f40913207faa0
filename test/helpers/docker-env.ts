/** The real engine and registry started by `scripts/test-env.sh start`. Absent → the suite fails. */
export interface DockerTestEnv {
  registry: string;
  username: string;
  password: string;
  baseImage: string;
  dockerCli: string;
}

export function dockerTestEnv(): DockerTestEnv {
  const e = process.env;
  if (!e.CS_TEST_DOCKER || !e.CS_TEST_REGISTRY || !e.CS_TEST_REGISTRY_PASSWORD || !e.CS_TEST_BASE_IMAGE) {
    throw new Error('dockerd and the test registry are not running: start them with `scripts/test-env.sh start` (.ci/run does)');
  }
  return {
    registry: e.CS_TEST_REGISTRY,
    username: e.CS_TEST_REGISTRY_USERNAME ?? 'cs-test',
    password: e.CS_TEST_REGISTRY_PASSWORD,
    baseImage: e.CS_TEST_BASE_IMAGE,
    dockerCli: e.CS_DOCKER_CLI ?? 'docker',
  };
}
