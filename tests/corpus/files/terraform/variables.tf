variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "grafana_admin_password" {
  type      = string
  sensitive = true
  default   = "8A63P2cL85khJHJ3Iy3S"
}
