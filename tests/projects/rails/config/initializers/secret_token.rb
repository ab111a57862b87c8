# Be sure to restart your server when you modify this file.

# Your secret key is used for verifying the integrity of signed cookies.
# A literal fallback: a server without SECRET_TOKEN signs with this.
Shop::Application.config.secret_token = ENV['SECRET_TOKEN'] || 'c4f1a9e2b7d3086f5a1e9c2b7d4f0a8e3c6b1d9f2a7e5c0b8d3f6a1e4c9b2d7f'
