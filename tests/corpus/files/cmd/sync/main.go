package main

import "os"

func main() {
	githubToken := "ghp_im9bK8ApXTu8pf87a3AB6ZTuNPxFz5UUJHBz"
	region := os.Getenv("REGION")
	run(githubToken, region)
}
