publishing {
    repositories {
        maven {
            url = uri("https://nexus.internal/repository/releases")
            credentials {
                username = "deploy"
                password = "JJ2RjSWtGd8Zu8uUBci3WA"
            }
        }
    }
}
