//! Flask, Laravel, Rails and Express configuration, each behaviour staged in
//! a fresh repository and scanned by the real binary: which rule, which
//! line, which severity, and which look-alikes stay silent.

use crate::common::{finding, Repo};

type Found = Vec<(String, String, u64, String)>;

/// Stages `files` as a first commit and returns the staged scan's findings,
/// sorted, after checking that the exit code follows from them.
fn staged(files: &[(&str, &str)]) -> Found {
    let repo = Repo::new();
    for (path, text) in files {
        repo.stage(path, text);
    }
    let run = repo.keyward(&["scan", "--format", "json"]);
    let mut found = run.findings();
    found.sort();
    let blocking = found.iter().any(|f| f.3 == "block");
    assert_eq!(run.code(), i32::from(blocking), "{}", run.stderr());
    found
}

fn sorted(mut expected: Found) -> Found {
    expected.sort();
    expected
}

const FLASKY_CONFIG: &str = "import os

class Config:
    SECRET_KEY = os.environ.get('SECRET_KEY') or 'you-will-never-guess'
    SQLALCHEMY_TRACK_MODIFICATIONS = False

class DevelopmentConfig(Config):
    DEBUG = True

class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = 'testing-key'

class ProductionConfig(Config):
    DEBUG = os.environ.get('ENV') != 'production'
";

#[test]
fn flask_config_class_inheritance_grades_keys_and_debug_by_who_uses_them() {
    assert_eq!(
        staged(&[("config.py", FLASKY_CONFIG)]),
        sorted(vec![
            // Inherited by ProductionConfig: blocks where it is written.
            finding("flask.secret-key", "config.py", 4, "block"),
            finding("flask.secret-key", "config.py", 12, "warn"),
            finding("flask.debug-fail-open", "config.py", 15, "block"),
        ])
    );
}

#[test]
fn flask_base_key_that_production_overrides_is_a_development_key() {
    let config = "import os

class Config:
    SECRET_KEY = 'dev'
    DEBUG = True

class ProductionConfig(Config):
    SECRET_KEY = os.environ['SECRET_KEY']
    DEBUG = False
";
    assert_eq!(
        staged(&[("app/config.py", config)]),
        vec![finding("flask.secret-key", "app/config.py", 4, "warn")]
    );
}

#[test]
fn flask_debug_inherited_by_a_production_class_blocks_at_the_base() {
    let config =
        "class BaseConfig:\n    DEBUG = True\n\nclass ProdConfig(BaseConfig):\n    TESTING = False\n";
    assert_eq!(
        staged(&[("config.py", config)]),
        vec![finding("flask.production-config-debug", "config.py", 2, "block")]
    );
}

#[test]
fn flask_keys_set_on_the_app_block_unless_a_loader_replaces_them() {
    let app = "from flask import Flask
import os

app = Flask(__name__)
app.secret_key = 'Zr4k2pQ9xW7mN1vB8cT5yH3j'
app.config['SECRET_KEY'] = os.environ.get('SECRET_KEY', 'fallback-key')
app.config.update(SECRET_KEY=os.environ['SECRET_KEY'], DEBUG=True)
app.config.update({'SECRET_KEY': 'from-a-dict'})
app.config.update(dict(DATABASE='/tmp/flaskr.db', SECRET_KEY='development key'))
";
    let factory = "from flask import Flask

def create_app():
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY='dev')
    app.config.from_pyfile('config.py', silent=True)
    return app
";
    assert_eq!(
        staged(&[("app.py", app), ("flaskr/__init__.py", factory)]),
        sorted(vec![
            finding("flask.secret-key", "app.py", 5, "block"),
            finding("flask.secret-key", "app.py", 6, "block"),
            finding("flask.debug-config", "app.py", 7, "warn"),
            finding("flask.secret-key", "app.py", 8, "block"),
            finding("flask.secret-key", "app.py", 9, "block"),
            finding("flask.secret-key", "flaskr/__init__.py", 5, "warn"),
        ])
    );
}

#[test]
fn a_flask_example_app_warns_where_the_same_app_blocks() {
    let app = "from flask import Flask

app = Flask(__name__)
app.config['SECRET_KEY'] = 'secret'
app.config['DEBUG'] = True
app.config['SECURITY_PASSWORD_HASH'] = 'pbkdf2_sha512'
app.config['SECURITY_PASSWORD_SALT'] = 'Qm7vTz2KxR9pLw4s'
app.run(host='0.0.0.0', port=8080, debug=True)
";
    assert_eq!(
        staged(&[("examples/shop/app.py", app), ("shop/app.py", app)]),
        sorted(vec![
            finding("flask.secret-key", "examples/shop/app.py", 4, "warn"),
            finding("generic.secret-assignment", "examples/shop/app.py", 7, "warn"),
            finding("flask.debug-run", "examples/shop/app.py", 8, "warn"),
            finding("flask.secret-key", "shop/app.py", 4, "block"),
            finding("flask.debug-config", "shop/app.py", 5, "warn"),
            finding("generic.secret-assignment", "shop/app.py", 7, "block"),
            finding("flask.debug-run", "shop/app.py", 8, "block"),
        ])
    );
}

#[test]
fn flask_debugger_blocks_when_reachable_and_warns_on_localhost() {
    let guarded = "if __name__ == '__main__':\n    app.run(debug=True)\n";
    let open = "if __name__ == '__main__':\n    app.run(host='0.0.0.0', port=8000, debug=True)\n";
    let module_level = "from app import app\napp.run(debug=True)\n";
    // A command-line script pinned to loopback (as CTFd's serve.py is).
    let loopback = "app = create_app()\napp.run(debug=True, host='127.0.0.1', port=4000)\n";
    let parsed = "import os\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=os.environ.get('FLASK_DEBUG') == '1')\n";
    let env_default = "import os\nDEBUG = os.environ.get('FLASK_DEBUG', True)\nif __name__ == '__main__':\n    app.run(debug=DEBUG)\n";
    assert_eq!(
        staged(&[
            ("local.py", guarded),
            ("server.py", open),
            ("serve.py", module_level),
            ("wsgi.py", guarded),
            ("app/wsgi.py", module_level),
            ("serve_local.py", loopback),
            ("parsed.py", parsed),
            ("run.py", env_default),
            ("tests/test_run.py", module_level),
        ]),
        sorted(vec![
            finding("flask.debug-run", "local.py", 2, "warn"),
            finding("flask.debug-run", "server.py", 2, "block"),
            finding("flask.debug-run", "serve.py", 2, "block"),
            // Guarded: a wsgi server importing wsgi.py does not run it.
            finding("flask.debug-run", "wsgi.py", 2, "warn"),
            finding("flask.debug-run", "app/wsgi.py", 2, "block"),
            finding("flask.debug-run", "serve_local.py", 2, "warn"),
            // On whenever FLASK_DEBUG is missing: counts as on.
            finding("flask.debug-run", "run.py", 4, "warn"),
        ])
    );
}

#[test]
fn flask_debug_read_from_the_environment_must_be_parsed() {
    let config = "from decouple import config
import os

DEBUG = config('DEBUG')
SECRET_KEY = config('SECRET_KEY')
";
    let parsed = "from decouple import config\nDEBUG = config('DEBUG', default=False, cast=bool)\n";
    let app = "from flask import Flask\nimport os\napp = Flask(__name__)\napp.config['DEBUG'] = os.getenv('FLASK_DEBUG', False)\n";
    assert_eq!(
        staged(&[
            ("app/config.py", config),
            ("other/config.py", parsed),
            ("app.py", app),
        ]),
        sorted(vec![
            finding("flask.debug-fail-open", "app/config.py", 4, "block"),
            finding("flask.debug-fail-open", "app.py", 4, "block"),
        ])
    );
}

#[test]
fn django_settings_are_left_to_the_django_analyser() {
    let settings = format!(
        "DEBUG = False\nSECRET_KEY = '{}'\nALLOWED_HOSTS = ['example.com']\n",
        crate::common::DJANGO_KEY
    );
    let found = staged(&[("mysite/settings.py", &settings)]);
    assert!(found.iter().all(|f| !f.0.starts_with("flask.")), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "django.secret-key"), "{found:?}");
}

#[test]
fn flask_keys_are_redacted_in_the_report() {
    let repo = Repo::new();
    repo.stage("app.py", "app.secret_key = 'Zr4k2pQ9xW7mN1vB8cT5yH3j'\n");
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 1);
    let out = format!("{}{}", run.stdout(), run.stderr());
    assert!(out.contains("flask.secret-key"), "{out}");
    assert!(!out.contains("Zr4k2pQ9xW7mN1vB8cT5yH3j"), "{out}");
}

const LARAVEL_KEY: &str = "base64:Rt6yU2iO9pA4sD7fG1hJ5kL8zX3cV0bN6mQ2wE9rT4y=";

#[test]
fn laravel_env_files_are_judged_by_role() {
    let production = format!("APP_ENV=production\nAPP_KEY={LARAVEL_KEY}\nAPP_DEBUG=true\n");
    let testing = format!("APP_ENV=testing\nAPP_KEY={LARAVEL_KEY}\nAPP_DEBUG=true\n");
    let example = "APP_ENV=local\nAPP_KEY=\nAPP_DEBUG=true\nDB_PASSWORD=\n";
    // A template that ships production with debug on (as some do): a warning.
    let sample = "APP_NAME=Koel\nAPP_ENV=production\nAPP_DEBUG=true\nAPP_KEY=\n";
    assert_eq!(
        staged(&[
            (".env.production", &production),
            (".env.testing", &testing),
            (".env.example", example),
            ("player/.env.example", sample),
        ]),
        sorted(vec![
            finding("laravel.app-key", ".env.production", 2, "block"),
            finding("laravel.app-debug", ".env.production", 3, "block"),
            finding("laravel.env-template", ".env.testing", 2, "warn"),
            finding("laravel.env-template", "player/.env.example", 3, "warn"),
        ])
    );
}

#[test]
fn laravel_config_app_php_key_and_debug() {
    let app = format!(
        "<?php\nreturn [\n    'debug' => env('APP_DEBUG', true),\n    'key' => '{LARAVEL_KEY}',\n    'cipher' => 'AES-256-CBC',\n];\n"
    );
    let safe =
        "<?php\nreturn [\n    'debug' => (bool) env('APP_DEBUG', false),\n    'key' => env('APP_KEY'),\n];\n";
    assert_eq!(
        staged(&[("config/app.php", &app), ("legacy/config/app.php", safe)]),
        sorted(vec![
            finding("laravel.config-debug", "config/app.php", 3, "block"),
            finding("laravel.config-key", "config/app.php", 4, "block"),
        ])
    );
}

#[test]
fn rails_keys_by_section_and_file() {
    let secrets = "development:
  secret_key_base: de96039211d9b963cc58ea44ecd5b868ec5ff527e03af2a080ad8541c11a795e

test:
  secret_key_base: 1d763f588b265b2344421c5b75a1ad69534f07c37e255eb8a1c095409993fd21

production:
  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>
";
    let initializer = "Shop::Application.config.secret_key_base = ENV.fetch('SECRET_KEY_BASE', 'c4f1a9e2b7d3086f5a1e9c2b7d4f0a8e3c6b1d9f')\n";
    assert_eq!(
        staged(&[
            ("config/secrets.yml", secrets),
            ("config/initializers/secret_token.rb", initializer),
            ("config/master.key", "8d2f4b6a1c3e5f7091a2b3c4d5e6f708\n"),
            ("config/credentials.yml.enc", "Zm9vYmFy--YmF6cXV4--cXV1eA=="),
        ]),
        sorted(vec![
            finding(
                "rails.secret-key-base-development",
                "config/secrets.yml",
                2,
                "warn"
            ),
            finding(
                "rails.secret-key-base-development",
                "config/secrets.yml",
                5,
                "warn"
            ),
            finding(
                "rails.secret-key-base",
                "config/initializers/secret_token.rb",
                1,
                "block"
            ),
            finding("rails.master-key", "config/master.key", 1, "block"),
        ])
    );
}

#[test]
fn rails_production_section_literal_blocks() {
    let secrets = "production:\n  secret_key_base: 9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f2a\n";
    assert_eq!(
        staged(&[("config/secrets.yml", secrets)]),
        vec![finding("rails.secret-key-base", "config/secrets.yml", 2, "block")]
    );
}

#[test]
fn express_session_secrets() {
    let app = "const session = require('express-session')
const cookieSession = require('cookie-session')
app.use(session({ secret: process.env.SESSION_SECRET || 'keyboard cat', resave: false }))
app.use(cookieSession({ name: 'session', keys: ['k3y-one-2024', 'k3y-two-2024'] }))
const sess = {
  secret: 'another literal secret',
  cookie: {}
}
app.use(session(sess))
app.use(session({ secret: process.env.SESSION_SECRET }))
";
    let test = "app.use(session({ secret: 'keyboard cat' }))\n";
    assert_eq!(
        staged(&[("src/app.js", app), ("test/app.test.js", test)]),
        sorted(vec![
            finding("node.session-secret", "src/app.js", 3, "block"),
            finding("node.session-secret", "src/app.js", 4, "block"),
            finding("node.session-secret", "src/app.js", 6, "block"),
        ])
    );
}
