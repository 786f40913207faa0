# A pipeline that touches nothing: try the action and the CLI without Docker or a cluster.
project = "demo"

variable "tag" {
  default = "dev"
  env     = ["DEMO_TAG"]
}

app "web" {
  labels = { team = "storefront" }

  build {
    use     = "noop"
    message = "building web ${var.tag} at ${git.short_sha}"
  }
  registry {
    use = "noop"
  }
  deploy {
    use "noop" {
      message = "deploying ${app.name}"
    }
  }
  release {
    use = "noop"
  }
}

app "api" {
  build {
    use = "noop"
  }
  deploy {
    use = "noop"
  }
}
