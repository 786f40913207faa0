job [[ template "job_name" . ]] {
  [[- if ne (var "region" .) "" ]]
  region = [[ var "region" . | quote ]]
  [[- end ]]
  type        = "service"
  datacenters = [[ var "datacenters" . | toStringList ]]

  group "app" {
    count = [[ var "count" . ]]

    network {
      port "http" {
        to = [[ var "port" . ]]
      }
    }

    service {
      name     = [[ template "service_name" . ]]
      provider = "nomad"
      port     = "http"

      check {
        name     = "http"
        type     = "http"
        path     = [[ var "health_path" . | quote ]]
        interval = [[ var "health_interval" . | quote ]]
        timeout  = [[ var "health_timeout" . | quote ]]
      }
    }

    update {
      max_parallel      = [[ var "max_parallel" . ]]
      canary            = [[ var "canary" . ]]
      auto_promote      = [[ var "auto_promote" . ]]
      auto_revert       = [[ var "auto_revert" . ]]
      health_check      = "checks"
      min_healthy_time  = [[ var "min_healthy_time" . | quote ]]
      healthy_deadline  = [[ var "healthy_deadline" . | quote ]]
      progress_deadline = [[ var "progress_deadline" . | quote ]]
    }

    # Fail fast so an unhealthy version is reported (and reverted) instead of restarting forever.
    restart {
      attempts = 2
      interval = "5m"
      delay    = "10s"
      mode     = "fail"
    }

    task "app" {
      driver = "docker"

      config {
        image = [[ var "image" . | quote ]]
        ports = ["http"]
      }

      env {
        [[- range $key, $value := var "env" . ]]
        [[ $key ]] = [[ $value | quote ]]
        [[- end ]]
      }

      resources {
        cpu    = [[ var "cpu" . ]]
        memory = [[ var "memory" . ]]
      }
    }
  }
}
