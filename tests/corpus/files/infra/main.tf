provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIA5DWINK4LLCHBK62F"
  secret_key = "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"
}
