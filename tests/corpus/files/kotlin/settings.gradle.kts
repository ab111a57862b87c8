dependencyResolutionManagement {
    repositories {
        maven {
            credentials {
                username = providers.gradleProperty("nexusUser").get()
                password = providers.gradleProperty("nexusPassword").get()
            }
        }
    }
}
