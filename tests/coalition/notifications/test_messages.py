"""Every notification has its text in Chinese and in English, with the same blanks."""

import pytest

from coalition.notifications import messages
from coalition.notifications.outbox import NOTIFICATION_TOPICS
from coalition.notifications.recipients import RESOLVERS


def _blanks(template: messages.Template) -> set[str]:
    subject, lines = template
    return messages.placeholders(subject).union(*(messages.placeholders(x) for x in lines))


def test_every_kind_someone_is_told_of_has_a_text_in_both_languages() -> None:
    assert set(RESOLVERS) == NOTIFICATION_TOPICS
    for locale in messages.LOCALES:
        assert set(messages.TEMPLATES[locale]) == NOTIFICATION_TOPICS, locale


@pytest.mark.parametrize("kind", sorted(NOTIFICATION_TOPICS))
def test_both_languages_fill_the_same_blanks(kind: str) -> None:
    chinese, english = (messages.TEMPLATES[loc][kind] for loc in messages.LOCALES)
    assert _blanks(chinese) == _blanks(english)


def test_a_line_whose_blanks_are_all_empty_is_left_out_and_lists_are_joined() -> None:
    params = {"need": "巡逻", "starts": "2026-06-01 09:00", "reason": ""}
    assert messages.render("shift.cancelled", params, "zh-Hans") == (
        "服务时段已取消：巡逻",
        "您报名的“巡逻”（2026-06-01 09:00）服务时段已取消。",
    )
    digest = {"day": "2026-06-01", "short_needs": 2, "short_need_titles": ["甲", "乙"]}
    assert messages.render("digest.daily", digest, "en")[1] == (
        "Needs short of volunteers: 2 (甲, 乙)"
    )


def test_only_an_email_asks_to_sign_in_to_answer_an_invitation() -> None:
    params = {"need": "买菜", "starts": "2026-06-01 09:00", "ends": "11:00", "inviter": "王芳"}

    _, inbox = messages.render("invitation.sent", params, "zh-Hans")
    _, email = messages.render("invitation.sent", params, "zh-Hans", email=True)
    _, english = messages.render("invitation.sent", params, "en", email=True)

    assert "请登录平台" not in inbox and inbox.startswith("王芳邀请您参加“买菜”的志愿服务。")
    assert email == f"{inbox}\n请登录平台接受或谢绝邀请。"
    assert english.endswith("\nSign in to accept or decline the invitation.")
    chinese_kinds, english_kinds = (set(messages.EMAIL_ONLY[loc]) for loc in messages.LOCALES)
    assert chinese_kinds == english_kinds and chinese_kinds <= NOTIFICATION_TOPICS


def test_an_unknown_language_falls_back_to_chinese() -> None:
    assert messages.render("reminder.2h", {"need": "义诊"}, "fr")[0] == "志愿服务两小时后开始：义诊"
    assert messages.email_text("正文", name="王芳", tenant="东港街道", locale=None).startswith(
        "王芳，您好！"
    )


def test_smtp_comes_from_the_environments_settings_and_a_bad_tls_mode_is_refused() -> None:
    from dataclasses import replace

    from coalition.notifications.mail import SmtpMailer, message_id
    from coalition.settings import load

    base = replace(load(), smtp_host=None)
    assert SmtpMailer.from_settings(base) is None
    mailer = SmtpMailer.from_settings(replace(base, smtp_host="smtp.example.cn", smtp_tls="tls"))
    assert mailer is not None and (mailer.host, mailer.tls) == ("smtp.example.cn", "tls")
    with pytest.raises(ValueError, match="COALITION_SMTP_TLS"):
        SmtpMailer.from_settings(replace(base, smtp_host="smtp.example.cn", smtp_tls="yes"))
    assert message_id(1, 2, 3, "通知 <notice@gov.example.cn>") == (
        "<coalition.1.2.3.email@gov.example.cn>"
    )


def test_a_dispatched_need_asks_to_sign_in_only_by_email() -> None:
    params = {"need": "楼道清理", "community": "狮子山村", "member": "阳光社工服务中心"}

    _, inbox = messages.render("need.dispatched", params, "zh-Hans")
    _, email = messages.render("need.dispatched", params, "zh-Hans", email=True)
    _, english = messages.render("need.dispatched", params, "en", email=True)

    assert inbox == "狮子山村将需求“楼道清理”派给了阳光社工服务中心。\n请接单，或说明理由后退回。"
    assert email == f"{inbox}\n请登录平台处理。"
    assert english.endswith("Accept it, or decline it with a reason.\nSign in to answer it.")
