variable "job_name" {
  description = "Nomad job ID. CloudStation passes the deployment name; empty falls back to the pack name."
  type        = string
  default     = ""
}

variable "image" {
  description = "Container image to run; CloudStation passes the pushed repo:tag@digest."
  type        = string
}

variable "region" {
  description = "Region to register the job in; empty uses the agent's."
  type        = string
  default     = ""
}

variable "datacenters" {
  description = "Datacenters the job may run in."
  type        = list(string)
  default     = ["*"]
}

variable "count" {
  description = "Number of instances."
  type        = number
  default     = 1
}

variable "port" {
  description = "Port the container listens on; Nomad maps a dynamic host port to it."
  type        = number
  default     = 8080
}

variable "service_name" {
  description = "Service name registered with Nomad service discovery; empty uses the job name."
  type        = string
  default     = ""
}

variable "env" {
  description = "Environment variables for the task."
  type        = map(string)
  default     = {}
}

variable "cpu" {
  description = "CPU in MHz."
  type        = number
  default     = 100
}

variable "memory" {
  description = "Memory in MB."
  type        = number
  default     = 128
}

variable "health_path" {
  description = "HTTP path the health check requests; a 2xx answer is healthy."
  type        = string
  default     = "/"
}

variable "health_interval" {
  description = "Time between health checks."
  type        = string
  default     = "10s"
}

variable "health_timeout" {
  description = "Time a health check may take."
  type        = string
  default     = "2s"
}

variable "max_parallel" {
  description = "Allocations updated at a time."
  type        = number
  default     = 1
}

variable "canary" {
  description = "Canaries placed before the old version is replaced; they wait for promotion (the nomadpack release phase)."
  type        = number
  default     = 0
}

variable "auto_promote" {
  description = "Promote healthy canaries without a release phase."
  type        = bool
  default     = false
}

variable "auto_revert" {
  description = "Roll back to the last stable version when the update fails."
  type        = bool
  default     = true
}

variable "min_healthy_time" {
  description = "How long an allocation must stay healthy to count as healthy."
  type        = string
  default     = "10s"
}

variable "healthy_deadline" {
  description = "How long an allocation may take to become healthy."
  type        = string
  default     = "3m"
}

variable "progress_deadline" {
  description = "How long the deployment may go without an allocation becoming healthy."
  type        = string
  default     = "5m"
}
