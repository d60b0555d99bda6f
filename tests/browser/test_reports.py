"""The office side of the donor documents and the dashboard: an admin sets the campaign
target and reads the dashboard; an operator issues a donation's documents, downloads them
and gives the donor their link. Every page passes the per-page checks, phone included."""
import datetime
import re

from .test_operator import pdf_text, qr_codes

TARGET = "Rentrée <b>2027</b> & co"


def test_admin_sets_the_campaign_target_and_reads_the_dashboard(visit, records):
    for _ in range(3):
        records.device("handed_over", category="laptop")
    admin = records.user("admin")
    today = datetime.date.today()

    s = visit("admin", phone=True)
    page = s.page
    s.login(admin)
    s.go(page.locator("main a[href$='/targets']"), "targets")
    page.fill("#name", TARGET)
    page.select_option("#metric", "devices_given")
    page.fill("#goal", "2021")
    page.fill("#starts_on", (today - datetime.timedelta(days=30)).isoformat())
    page.fill("#ends_on", (today + datetime.timedelta(days=120)).isoformat())
    s.go(page.locator("main form.stack button.primary"), "target saved")
    assert TARGET in page.locator("main .cards").inner_text()  # the name is text, not markup

    s.open("/", "dashboard with its target")
    target = page.locator("main li.target").filter(has_text="2\u00a0021")
    assert target.count() == 1
    # The bar's label, drawn in SVG on the server, reads "given / goal (percent)".
    bar = target.locator("svg").inner_html()
    assert "Rentrée &lt;b&gt;2027&lt;/b&gt; &amp; co" in bar, bar
    figures = target.locator("svg text").last.text_content()
    assert re.fullmatch(r"\d+ / 2\u00a0021 \(\d+\u00a0%\)", figures), figures
    text = target.inner_text()
    assert "nécessaire pour finir à temps" in text and "en retard" in text, text
    chart = page.locator("main .chart svg[aria-labelledby='weekly-title weekly-desc']")
    assert chart.count() == 1
    csv = s.context.request.get("/dashboard/export.csv")
    assert csv.status == 200 and TARGET in csv.text()
    s.check_english()
    s.finish()


def test_operator_issues_the_documents_and_the_donor_link(visit, records):
    with records.bound():
        make = records.make
        donation = make.donation(donor=make.donor(name="Crédit Lillois", kind="company"),
                                 reference="CL-2026-11", wants_erasure_certificate=True)
        donation_id = donation.id
        for status in ("handed_over", "handed_over", "ready", "received", "recycled"):
            make.device(status, donation=donation, make="Lenovo", model="ThinkPad T480")
    operator = records.user("operator")

    s = visit("operator")
    page = s.page
    s.login(operator)
    s.open("/donations/%d" % donation_id, "donation")
    s.go(page.locator("main a[href='/donations/%d/documents']" % donation_id), "documents")
    s.go(page.locator("main button[value=donor_certificate]"), "certificate issued")
    assert "CD-" in page.locator("main .cards").inner_text()
    body = s.pdf(page.locator("main .cards a[href$='.pdf']").first)
    text = pdf_text(body)
    assert "Crédit Lillois" in text and "CL-2026-11" in text and "page 1 / 1" in text, text
    assert "UNU-KEY" in text, text  # the impact figures come with their source
    verify = [url for url in qr_codes(body) if "/verify/" in url]
    assert len(verify) == 1, verify

    page.select_option("#lang", "en")
    s.go(page.locator("main button[value=erasure_certificate]"), "erasure certificate issued")
    body = s.pdf(page.locator("main .cards a[href$='.pdf']").first)
    assert "PARTIAL CERTIFICATE" in pdf_text(body)  # three devices not erased yet

    s.go(page.locator("main a[href='/donations/%d/link']" % donation_id), "donor link")
    s.go(page.locator("main form button.primary"), "donor link made")
    link = page.input_value("#donor-url")
    assert "/donor/" in link
    s.open("/documents", "all documents")
    assert page.locator("main .cards li").filter(has_text="CE-").count() >= 1
    s.check_english()
    s.finish()
