//! Authorization in Django and DRF views (`django.authz.*`): fixture
//! projects staged in fresh repositories and scanned by the real binary,
//! staged and from disk. Every finding is a warning (exit 0) at an exact
//! line; scoped, permission-guarded and public-on-purpose views stay silent.

use crate::common::{finding, Repo};

type Found = Vec<(String, String, u64, String)>;

/// Stages `files`, and checks that a staged scan and a disk scan both
/// report exactly `expected`, exiting 0.
fn check(files: &[(&str, &str)], expected: Found) -> Repo {
    let repo = Repo::new();
    for (path, text) in files {
        repo.stage(path, text);
    }
    for args in [
        &["scan", "--format", "json", "--rules", "django.authz"][..],
        &["scan", ".", "--format", "json", "--rules", "django.authz"][..],
    ] {
        let run = repo.keyward(args);
        let mut found = run.findings();
        found.sort();
        let mut want = expected.clone();
        want.sort();
        assert_eq!(found, want, "{args:?}: {}", run.stdout());
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
    }
    repo
}

const SHOP_URLS: &str = "from django.urls import path
from . import views

urlpatterns = [
    path('orders/<int:pk>/', views.order_detail),
    path('orders/<int:pk>/mine/', views.my_order),
    path('orders/<int:pk>/cancel/', views.cancel_order),
    path('orders/<int:pk>/checked/', views.checked_order),
    path('orders/<int:pk>/favourite/', views.favourite),
    path('report/', views.report, {'report_id': 7}),
    path('invoices/<int:pk>/', views.InvoiceDetail.as_view()),
    path('invoices/<int:pk>/mine/', views.MyInvoice.as_view()),
    path('invoices/<int:pk>/edit/', views.InvoiceUpdate.as_view()),
    path('invoices/<int:pk>/staff/', views.StaffInvoice.as_view()),
    path('posts/<slug:slug>/', views.post_detail),
    path('signup/', views.signup),
]
";

const SHOP_VIEWS: &str = "from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import DetailView, UpdateView

from .models import Invoice, Order, Post, Report


@login_required
def order_detail(request, pk):
    order = get_object_or_404(Order, pk=pk)
    return render(request, 'order.html', {'order': order})


@login_required
def my_order(request, pk):
    order = get_object_or_404(Order, pk=pk, owner=request.user)
    return render(request, 'order.html', {'order': order})


@login_required
def cancel_order(request, pk):
    order = Order.objects.get(pk=pk)
    if request.method == 'POST':
        order.status = 'cancelled'
        order.save()
    return redirect('orders')


@login_required
def checked_order(request, pk):
    order = Order.objects.filter(pk=pk).first()
    if order.owner != request.user:
        raise PermissionDenied
    return render(request, 'order.html', {'order': order})


@login_required
def favourite(request, pk):
    order = get_object_or_404(Order, pk=pk)
    request.user.profile.favourites.add(order)
    return redirect('orders')


@login_required
def report(request, report_id):
    return render(request, 'report.html', {'report': Report.objects.get(pk=report_id)})


class InvoiceDetail(LoginRequiredMixin, DetailView):
    model = Invoice


class MyInvoice(LoginRequiredMixin, DetailView):
    def get_queryset(self):
        return Invoice.objects.filter(customer__user=self.request.user)


class InvoiceUpdate(LoginRequiredMixin, UpdateView):
    model = Invoice
    fields = ['note']


class StaffInvoice(PermissionRequiredMixin, UpdateView):
    permission_required = 'shop.change_invoice'
    model = Invoice


def post_detail(request, slug):
    post = get_object_or_404(Post, slug=slug)
    return render(request, 'post.html', {'post': post})


def signup(request):
    return render(request, 'signup.html')
";

#[test]
fn django_views_scoped_and_unscoped() {
    let repo = check(
        &[("shop/urls.py", SHOP_URLS), ("shop/views.py", SHOP_VIEWS)],
        vec![
            finding("django.authz.object-not-scoped", "shop/views.py", 12, "warn"),
            finding("django.authz.login-only", "shop/views.py", 24, "warn"),
            finding("django.authz.object-not-scoped", "shop/views.py", 52, "warn"),
            finding("django.authz.login-only", "shop/views.py", 61, "warn"),
        ],
    );
    // The finding names what the client picks and shows the fix as code.
    let run = repo.keyward(&["scan", ".", "--format", "json", "--rules", "django.authz"]);
    let first = &run.json()["findings"][0];
    assert_eq!(first["secret"], "get_object_or_404(Order, pk=pk)");
    assert!(first["message"]
        .as_str()
        .unwrap()
        .contains("takes pk from the client"));
    assert!(first["remediation"]
        .as_str()
        .unwrap()
        .contains("get_object_or_404(Order, pk=pk, owner=request.user)"));
}

const DRF_BASE: &str = "INSTALLED_APPS = [
    'django.contrib.auth',
    'rest_framework',
    'api',
]
REST_FRAMEWORK = {
    'DEFAULT_PAGINATION_CLASS': 'rest_framework.pagination.PageNumberPagination',
}
";

const DRF_PRODUCTION: &str = "from .base import *  # noqa

DEBUG = False
";

const DRF_VIEWS: &str = "from rest_framework import generics, permissions, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from .models import Comment, Order, Tag
from .permissions import IsOwner
from .serializers import CommentSerializer, OrderSerializer, RegisterSerializer, TagSerializer


class OrderViewSet(viewsets.ModelViewSet):
    permission_classes = [IsAuthenticated]
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class MyOrderViewSet(viewsets.ModelViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.filter(owner=self.request.user)


class OwnedOrderViewSet(viewsets.ModelViewSet):
    permission_classes = [IsAuthenticated, IsOwner]
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class CommentViewSet(viewsets.ModelViewSet):
    permission_classes = (permissions.AllowAny,)
    queryset = Comment.objects.all()
    serializer_class = CommentSerializer


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    queryset = Tag.objects.all()
    serializer_class = TagSerializer


class RegisterView(generics.CreateAPIView):
    permission_classes = [AllowAny]
    serializer_class = RegisterSerializer


class NoteViewSet(viewsets.ModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class ArticleViewSet(viewsets.GenericViewSet):
    permission_classes = (IsAuthenticatedOrReadOnly,)
    queryset = Article.objects.all()

    def get_queryset(self):
        return self.queryset.filter(author__user__username=self.request.query_params['author'])

    def retrieve(self, request, slug):
        article = self.queryset.get(slug=slug)
        return Response(ArticleSerializer(article).data)

    def update(self, request, slug):
        article = self.queryset.get(slug=slug)
        serializer = ArticleSerializer(article, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)
";

#[test]
fn drf_viewsets_and_the_production_default_policy() {
    check(
        &[
            ("config/settings/base.py", DRF_BASE),
            ("config/settings/production.py", DRF_PRODUCTION),
            ("api/views.py", DRF_VIEWS),
        ],
        vec![
            finding(
                "django.authz.allow-any-write",
                "config/settings/base.py",
                6,
                "warn",
            ),
            finding("django.authz.login-only", "api/views.py", 12, "warn"),
            finding("django.authz.allow-any-write", "api/views.py", 31, "warn"),
            // Reading is public (OrReadOnly); the router passes the slug;
            // a filter by a query parameter is not a tie to the user.
            finding("django.authz.login-only", "api/views.py", 64, "warn"),
        ],
    );
}

#[test]
fn a_production_default_that_requires_login_guards_drf_views_without_their_own() {
    let base = DRF_BASE.replace(
        "'DEFAULT_PAGINATION_CLASS'",
        "'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticated'],\n    'DEFAULT_PAGINATION_CLASS'",
    );
    check(
        &[
            ("config/settings/base.py", &base),
            ("config/settings/production.py", DRF_PRODUCTION),
            ("api/views.py", DRF_VIEWS),
        ],
        vec![
            finding("django.authz.login-only", "api/views.py", 12, "warn"),
            finding("django.authz.allow-any-write", "api/views.py", 31, "warn"),
            // Now only logged in: any user reaches any note.
            finding("django.authz.login-only", "api/views.py", 48, "warn"),
            finding("django.authz.login-only", "api/views.py", 64, "warn"),
        ],
    );
}

const CSRF_VIEWS: &str = "import hmac

from django.http import HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .models import Cart


@csrf_exempt
def add_to_cart(request):
    Cart.objects.create(user=request.user, item_id=request.POST['item'])
    return JsonResponse({'ok': True})


@csrf_exempt
def ping(request):
    return JsonResponse({'ok': True})


@csrf_exempt
def payment_webhook(request):
    expected = hmac.new(KEY, request.body, 'sha256').hexdigest()
    if not hmac.compare_digest(expected, request.headers['X-Signature']):
        return HttpResponse(status=400)
    if request.user.is_authenticated:
        pass
    return HttpResponse(status=200)


@method_decorator(csrf_exempt, name='dispatch')
class CartView(View):
    def post(self, request):
        request.session['cart'] = request.POST['items']
        return JsonResponse({'ok': True})
";

#[test]
fn csrf_exempt_with_and_without_the_session_user() {
    check(
        &[("shop/views.py", CSRF_VIEWS)],
        vec![
            finding("django.authz.csrf-exempt", "shop/views.py", 11, "warn"),
            finding("django.authz.csrf-exempt", "shop/views.py", 32, "warn"),
        ],
    );
}

const PUBLIC_VIEWS: &str = "from django.contrib.auth.decorators import login_required
from django.views.decorators.csrf import csrf_exempt
from rest_framework import generics
from rest_framework.permissions import AllowAny


class SignupView(generics.CreateAPIView):
    permission_classes = [AllowAny]


class PasswordResetView(generics.CreateAPIView):
    permission_classes = [AllowAny]


class ObtainTokenView(generics.CreateAPIView):
    permission_classes = [AllowAny]


class ContactView(generics.CreateAPIView):
    permission_classes = [AllowAny]


@csrf_exempt
def login_view(request):
    request.session['next'] = request.GET.get('next')
    return render(request, 'login.html')
";

#[test]
fn public_on_purpose_views_are_silent() {
    check(&[("accounts/views.py", PUBLIC_VIEWS)], Vec::new());
}

#[test]
fn configuration_can_make_the_warnings_block() {
    let repo = check(
        &[("shop/urls.py", SHOP_URLS), ("shop/views.py", SHOP_VIEWS)],
        vec![
            finding("django.authz.object-not-scoped", "shop/views.py", 12, "warn"),
            finding("django.authz.login-only", "shop/views.py", 24, "warn"),
            finding("django.authz.object-not-scoped", "shop/views.py", 52, "warn"),
            finding("django.authz.login-only", "shop/views.py", 61, "warn"),
        ],
    );
    repo.write(
        ".keyward.toml",
        "[severity]\n\"django.authz.object-not-scoped\" = \"block\"\n",
    );
    let run = repo.keyward(&["scan", ".", "--format", "json", "--rules", "django.authz"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.findings().contains(&finding(
        "django.authz.object-not-scoped",
        "shop/views.py",
        12,
        "block"
    )));
}

#[test]
fn an_inline_allow_silences_one_view() {
    let views = SHOP_VIEWS.replace(
        "    order = get_object_or_404(Order, pk=pk)\n    return",
        "    order = get_object_or_404(Order, pk=pk)  # keyward:allow django.authz.object-not-scoped\n    return",
    );
    check(
        &[("shop/urls.py", SHOP_URLS), ("shop/views.py", &views)],
        vec![
            finding("django.authz.login-only", "shop/views.py", 24, "warn"),
            finding("django.authz.object-not-scoped", "shop/views.py", 52, "warn"),
            finding("django.authz.login-only", "shop/views.py", 61, "warn"),
        ],
    );
}

#[test]
fn a_staged_view_is_judged_with_the_committed_settings_and_urlconf() {
    let repo = Repo::new();
    let base = DRF_BASE.replace(
        "'DEFAULT_PAGINATION_CLASS'",
        "'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticated'],\n    'DEFAULT_PAGINATION_CLASS'",
    );
    repo.stage("config/settings/base.py", &base);
    repo.stage("config/settings/production.py", DRF_PRODUCTION);
    repo.stage("shop/urls.py", SHOP_URLS);
    repo.stage("api/views.py", "from rest_framework import viewsets\n");
    repo.commit("project");
    repo.stage(
        "api/views.py",
        "from rest_framework import viewsets\n\n\nclass NoteViewSet(viewsets.ModelViewSet):\n    queryset = Note.objects.all()\n",
    );
    // `report_id` comes from the committed URLconf's kwargs, not the URL.
    repo.stage("shop/views.py", SHOP_VIEWS);
    let run = repo.keyward(&["scan", "--format", "json", "--rules", "django.authz"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let mut found = run.findings();
    found.sort();
    assert_eq!(
        found,
        vec![
            finding("django.authz.login-only", "api/views.py", 5, "warn"),
            finding("django.authz.login-only", "shop/views.py", 24, "warn"),
            finding("django.authz.login-only", "shop/views.py", 61, "warn"),
            finding("django.authz.object-not-scoped", "shop/views.py", 12, "warn"),
            finding("django.authz.object-not-scoped", "shop/views.py", 52, "warn"),
        ]
    );
}

#[test]
fn history_names_the_views_that_rely_on_an_open_default_as_each_commit_has_them() {
    // Twelve commits each bring a new base.py (a finding of its own), and
    // the views stay the same but for one added halfway: what a view
    // file holds is remembered by its blob from one commit to the next.
    let repo = Repo::new();
    repo.stage("config/settings/production.py", DRF_PRODUCTION);
    repo.stage("api/views.py", DRF_VIEWS);
    for version in 0..12 {
        if version == 6 {
            repo.stage(
                "api/tags.py",
                "from rest_framework import viewsets\n\n\nclass TagViewSet(viewsets.ModelViewSet):\n    queryset = Tag.objects.all()\n",
            );
        }
        let base = DRF_BASE.replace("REST_FRAMEWORK = {", &format!("REST_FRAMEWORK = {{  # {version}"));
        repo.stage("config/settings/base.py", &base);
        repo.commit(&format!("settings {version}"));
    }
    // The settings analysis says which commits to analyse: all rules.
    let run = repo.keyward(&["history", "--format", "json"]);
    let mut relying: Vec<(String, String)> = run.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|found| found["rule"] == "django.authz.allow-any-write")
        .map(|found| {
            let message = found["message"].as_str().expect("a message");
            let views = message.rsplit("; ").next().expect("the views").to_string();
            (found["secret"].as_str().expect("the line").to_string(), views)
        })
        .collect();
    relying.sort();
    let one = "NoteViewSet (api/views.py) write with no permission_classes of their own)";
    let two = "TagViewSet (api/tags.py) and 1 more write with no permission_classes of their own)";
    let mut expected: Vec<(String, String)> = (0..12)
        .map(|version| {
            let line = format!("REST_FRAMEWORK = {{  # {version}");
            (line, if version < 6 { one } else { two }.to_string())
        })
        .collect();
    expected.sort();
    assert_eq!(relying, expected);
}
