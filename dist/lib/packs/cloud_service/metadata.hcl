# The pack CloudStation deploys with `use_embedded = true`: one container image as a Nomad service
# with a health-checked rolling update that reverts itself when the new version is unhealthy.

app {
  url = "https://github.com/cloudstation/orchestrator"
}

pack {
  name        = "cloud_service"
  description = "A service job for one container image: count, port, env, resources, HTTP health check and a rolling update with auto-revert."
  version     = "0.1.0"
}
