# Quick start: cs up -c examples/hello/cloudstation.hcl  →  http://127.0.0.1:8080
# No Docker Hub access? Import or name any local busybox image: --var base=my/busybox:tag
project = "hello"

variable "base" {
  default     = "busybox:stable"
  env         = ["HELLO_BASE_IMAGE"]
  description = "base image with busybox httpd"
}

variable "port" {
  default     = 8080
  type        = number
  description = "host port the site is published on"
}

app "web" {
  build {
    use        = "docker"
    build_args = { BASE = var.base }
  }

  deploy {
    use          = "docker"
    ports        = ["${var.port}:8080"]
    healthcheck  = { path = "/", interval = "1s" }
    wait_timeout = "60s"
  }
}
