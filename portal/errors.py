"""The portal's own error pages (400, 403, 404, 413, 500, CSRF failure) in the site layout.

Never Django's technical pages: they are not shown with DEBUG off, and these say in the reader's
language what happened and where to go next. The 500 page falls back to plain HTML when even the
layout cannot be rendered (the database may be what failed).
"""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _page(request, status: int, title: str, message: str, *, detail: str = "") -> HttpResponse:
    body = render_to_string(
        "errors/error.html",
        {"status": status, "title": title, "message": message, "detail": detail},
        request=request,
    )
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _page(
        request,
        400,
        _("リクエストを処理できませんでした"),
        _(
            "送信された内容に、処理できない文字や形式が含まれていました。入力内容を確かめて、もう一度お試しください。"
        ),
    )


def permission_denied(request, exception=None):
    return _page(
        request,
        403,
        _("このページを表示する権限がありません"),
        _("現在の役割ではこの操作はできません。役割を切り替えるか、所属団体の管理者にお問い合わせください。"),
    )


def page_not_found(request, exception=None):
    return _page(
        request,
        404,
        _("ページが見つかりません"),
        _("お探しのページは移動または削除されたか、URLが間違っている可能性があります。"),
    )


def payload_too_large(request):
    from django.conf import settings

    megabytes = settings.MAX_REQUEST_BYTES // (1024 * 1024)
    return _page(
        request,
        413,
        _("送信されたファイルが大きすぎます"),
        _("一度に送信できるのは合計%(mb)dMBまでです。ファイルを小さくして、もう一度お試しください。")
        % {"mb": megabytes},
    )


def csrf_failure(request, reason: str = ""):
    return _page(
        request,
        403,
        _("送信を確認できませんでした"),
        _(
            "画面を開いてから時間が経ったか、Cookieが無効になっている可能性があります。"
            "前のページに戻って再読み込みし、もう一度送信してください。"
        ),
    )


def server_error(request):
    try:
        return _page(
            request,
            500,
            _("システムエラーが発生しました"),
            _(
                "ご迷惑をおかけしています。しばらくしてから、もう一度お試しください。問題が続く場合はお問い合わせください。"
            ),
        )
    except Exception:
        logger.exception("the 500 page itself could not be rendered")
        return HttpResponse(FALLBACK_500, status=500, content_type="text/html; charset=utf-8")


FALLBACK_500 = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>システムエラー | 地域DX推進ポータル</title></head>
<body><main><h1>システムエラーが発生しました</h1>
<p>しばらくしてから、もう一度お試しください。</p>
<p lang="en">A server error occurred. Please try again later.</p>
<p><a href="/">ホームへ戻る / Home</a></p></main></body></html>"""
