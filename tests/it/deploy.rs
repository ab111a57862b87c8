//! Production file serving (`django.deploy.serve-view`, `static-helper`,
//! `media-root`, and `content-type-nosniff` where uploads share the
//! site's origin), on split-settings projects in real repositories.

use crate::common::{finding, Repo};

const BASE: &str = "\
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ROOT_URLCONF = 'config.urls'
DEBUG = False
MEDIA_URL = '/media/'
STATIC_ROOT = BASE_DIR / 'staticfiles'
MEDIA_ROOT = BASE_DIR / 'media'
";

/// Everything `check --deploy` asks for, so only the rules under test speak.
const PRODUCTION: &str = "\
from .base import *  # noqa

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 3600
";

const GUARDED: &str = "\
from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

urlpatterns = [path('', lambda request: None)]

if settings.DEBUG:
    urlpatterns += [
        re_path(r'^media/(?P<path>.*)$', serve, {'document_root': settings.MEDIA_ROOT}),
    ]
";

const UNGUARDED: &str = "\
from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

urlpatterns = [
    path('', lambda request: None),
    re_path(r'^media/(?P<path>.*)$', serve, {'document_root': settings.MEDIA_ROOT}),
]
";

const STATIC_HELPER: &str = "\
from django.conf import settings
from django.conf.urls.static import static

urlpatterns = []
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
";

/// A project with base and production settings and `urls` as its ROOT_URLCONF, staged.
fn project(base: &str, urls: &str) -> Repo {
    let repo = Repo::new();
    repo.stage("config/settings/base.py", base)
        .stage("config/settings/production.py", PRODUCTION)
        .stage("config/settings/__init__.py", "")
        .stage("config/__init__.py", "")
        .stage("config/urls.py", urls);
    repo
}

fn scan_staged(repo: &Repo) -> (Vec<(String, String, u64, String)>, i32) {
    let run = repo.keyward(&["scan", "--format", "json"]);
    (run.findings(), run.code())
}

#[test]
fn unguarded_serve_in_the_production_root_urlconf_blocks() {
    let repo = project(BASE, UNGUARDED);
    let (findings, code) = scan_staged(&repo);
    assert_eq!(
        findings,
        vec![finding("django.deploy.serve-view", "config/urls.py", 7, "block")]
    );
    assert_eq!(code, 1);
    let run = repo.keyward(&["scan", "--format", "json"]);
    let message = run.json()["findings"][0]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("ROOT_URLCONF of production settings config/settings/production.py"),
        "{message}"
    );
    let disk = repo.keyward(&["scan", ".", "--format", "json"]);
    assert_eq!(disk.findings(), findings);
}

#[test]
fn serve_under_a_debug_guard_is_silent() {
    let (findings, code) = scan_staged(&project(BASE, GUARDED));
    assert_eq!(findings, vec![]);
    assert_eq!(code, 0);
}

#[test]
fn without_known_production_settings_serve_is_not_judged() {
    let repo = Repo::new();
    repo.stage("config/urls.py", UNGUARDED);
    let (findings, code) = scan_staged(&repo);
    assert_eq!(findings, vec![]);
    assert_eq!(code, 0);
}

#[test]
fn serve_in_an_app_urlconf_warns() {
    let repo = project(BASE, GUARDED);
    repo.stage("shop/urls.py", UNGUARDED);
    let (findings, code) = scan_staged(&repo);
    assert_eq!(
        findings,
        vec![finding("django.deploy.serve-view", "shop/urls.py", 7, "warn")]
    );
    assert_eq!(code, 0);
}

#[test]
fn a_staged_urlconf_change_that_drops_the_guard_blocks() {
    let repo = project(BASE, GUARDED);
    repo.commit("guarded media route");
    repo.stage("config/urls.py", UNGUARDED);
    let (findings, code) = scan_staged(&repo);
    assert_eq!(
        findings,
        vec![finding("django.deploy.serve-view", "config/urls.py", 7, "block")]
    );
    assert_eq!(code, 1);
    // A commit touching something else leaves the old route a warning.
    repo.commit("unguarded");
    repo.stage("README.md", "docs\n");
    repo.stage("config/settings/base.py", format!("{BASE}TIME_ZONE = 'UTC'\n"));
    let (findings, code) = scan_staged(&repo);
    assert_eq!(
        findings,
        vec![finding("django.deploy.serve-view", "config/urls.py", 7, "warn")]
    );
    assert_eq!(code, 0);
}

#[test]
fn the_static_helper_is_harmless_with_production_debug_off() {
    let (findings, code) = scan_staged(&project(BASE, STATIC_HELPER));
    assert_eq!(findings, vec![]);
    assert_eq!(code, 0);
}

#[test]
fn the_static_helper_warns_where_production_debug_turns_on() {
    let base = BASE.replace(
        "DEBUG = False",
        "import os\nDEBUG = os.getenv('DJANGO_DEBUG', False)",
    );
    let (findings, code) = scan_staged(&project(&base, STATIC_HELPER));
    assert_eq!(
        findings,
        vec![
            finding("django.debug-fail-open", "config/settings/base.py", 6, "block"),
            finding("django.deploy.static-helper", "config/urls.py", 5, "warn"),
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn the_static_helper_with_a_cdn_prefix_routes_nothing() {
    let base = BASE
        .replace("DEBUG = False", "DEBUG = True")
        .replace("'/media/'", "'https://uploads.example-cdn.com/'");
    let (findings, _) = scan_staged(&project(&base, STATIC_HELPER));
    assert_eq!(
        findings,
        vec![finding("django.debug", "config/settings/base.py", 5, "block")]
    );
}

#[test]
fn media_root_inside_static_root_warns_at_media_root() {
    let base = BASE.replace("BASE_DIR / 'media'", "BASE_DIR / 'staticfiles' / 'media'");
    let (findings, code) = scan_staged(&project(&base, GUARDED));
    assert_eq!(
        findings,
        vec![finding(
            "django.deploy.media-root",
            "config/settings/base.py",
            8,
            "warn"
        )]
    );
    assert_eq!(code, 0);
    let run = project(&base, GUARDED).keyward(&["scan", ".", "--format", "json"]);
    let message = run.json()["findings"][0]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains(
            "MEDIA_ROOT <repository>/staticfiles/media is inside STATIC_ROOT <repository>/staticfiles"
        ),
        "{message}"
    );
}

#[test]
fn media_root_inside_a_template_folder_with_os_path_warns() {
    let base = "\
import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROOT_URLCONF = 'config.urls'
DEBUG = False
TEMPLATES = [
    {
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'DIRS': [str(os.path.join(BASE_DIR, 'templates'))],
        'OPTIONS': {'debug': DEBUG},
    },
]
MEDIA_ROOT = os.path.join(BASE_DIR, 'templates', 'uploads')
";
    let (findings, _) = scan_staged(&project(base, GUARDED));
    assert_eq!(
        findings,
        vec![finding(
            "django.deploy.media-root",
            "config/settings/base.py",
            13,
            "warn"
        )]
    );
}

#[test]
fn media_roots_that_are_unknown_or_beside_static_are_silent() {
    for base in [
        BASE.to_string(),
        BASE.replace(
            "BASE_DIR / 'media'",
            "os.environ.get('MEDIA_ROOT', '/srv/staticfiles/media')",
        ),
        BASE.replace("BASE_DIR / 'media'", "BASE_DIR / 'staticfiles-media'"),
        BASE.replace("BASE_DIR / 'media'", "UNKNOWN_DIR / 'staticfiles' / 'media'"),
    ] {
        let (findings, _) = scan_staged(&project(&base, GUARDED));
        assert_eq!(findings, vec![], "{base}");
    }
}

#[test]
fn nosniff_off_with_same_origin_uploads_warns_in_a_lone_settings_module() {
    let repo = Repo::new();
    repo.stage(
        "mysite/settings.py",
        "DEBUG = False\nMEDIA_URL = '/media/'\nSECURE_CONTENT_TYPE_NOSNIFF = False\n",
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding(
            "django.deploy.content-type-nosniff",
            "mysite/settings.py",
            3,
            "warn"
        )]
    );
    let message = run.json()["findings"][0]["message"].as_str().unwrap().to_string();
    assert!(message.contains("uploads under MEDIA_URL /media/"), "{message}");
    let cdn = Repo::new();
    cdn.stage(
        "mysite/settings.py",
        "DEBUG = False\nMEDIA_URL = 'https://uploads.example-cdn.com/'\nSECURE_CONTENT_TYPE_NOSNIFF = False\n",
    );
    assert_eq!(cdn.keyward(&["scan", "--format", "json"]).findings(), vec![]);
}

#[test]
fn history_reports_the_commit_that_dropped_the_guard() {
    let repo = project(BASE, GUARDED);
    repo.commit("guarded media route");
    repo.stage("config/urls.py", UNGUARDED);
    repo.commit("serve media in production");
    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.deploy.serve-view", "config/urls.py", 7, "block")]
    );
    let commit = repo.git(&["rev-parse", "HEAD"]);
    assert_eq!(
        run.json()["findings"][0]["commit"]["id"].as_str(),
        Some(commit.trim()),
        "{}",
        run.stdout()
    );
    assert_eq!(run.code(), 1);
}
