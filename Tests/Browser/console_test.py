"""The duty officer's console in real headless Chromium (Debian's chromium + chromium-driver),
driven by Selenium and pointed at /usr/bin/chromedriver so that nothing is downloaded.

Run by scripts/browser-test.sh, which starts mosquitto and `firewatch run` and passes:
FIREWATCH_URL, FIREWATCH_USER, FIREWATCH_PASSWORD, MQTT_PORT, FIRE_FRAME_HEX, SCREENSHOT_DIR.

What a duty officer does on a night shift: sign in; a gateway publishes a fire alarm; it appears
on the already-open dashboard within 2 s without a reload; confirm it as real with one click;
the building page lists the notices the department (119) and the brigade received. Screenshots
of every main page at 1366×768 go to SCREENSHOT_DIR.
"""

import os
import subprocess
import sys
import tempfile
import time
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

BASE = os.environ["FIREWATCH_URL"]
USER = os.environ["FIREWATCH_USER"]
PASSWORD = os.environ["FIREWATCH_PASSWORD"]
MQTT_PORT = os.environ["MQTT_PORT"]
FIRE_FRAME = bytes.fromhex(open(os.environ["FIRE_FRAME_HEX"]).read().strip())
SHOTS = os.environ.get("SCREENSHOT_DIR", "artifacts/screenshots")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
WIDTH, HEIGHT = 1366, 768


def frame_variant(frame, serial, status, address):
    """The demo frame (GB/T 26875.3, one component-status object) with another serial number,
    status word and component address, and its checksum recomputed."""
    b = bytearray(frame)
    b[2:4] = serial.to_bytes(2, "little")
    b[36:38] = status.to_bytes(2, "little")
    b[32:36] = address.to_bytes(4, "little")
    b[-3] = sum(b[2:-3]) % 256
    return bytes(b)


def publish(gateway, payload):
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(payload)
        f.flush()
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", MQTT_PORT, "-q", "1",
                        "-t", f"firewatch/v1/gateways/{gateway}/up", "-f", f.name], check=True, timeout=10)


def wait_for(what, predicate, timeout=5.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={WIDTH},{HEIGHT}", "--lang=zh-CN", "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    # The viewport, not the window, is what must be 1366×768.
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(WIDTH + WIDTH - inner[0], HEIGHT + HEIGHT - inner[1])
    return driver


class ConsoleTest:
    def __init__(self, driver):
        self.d = driver
        self.passed = []

    def check(self, name, condition, detail=""):
        if not condition:
            raise AssertionError(f"{name}: {detail}")
        self.passed.append(name)
        print(f"  ok  {name}")

    def shot(self, name):
        path = os.path.join(SHOTS, f"{name}.png")
        self.d.save_screenshot(path)
        print(f"  screenshot {path}")

    def csp_violations(self):
        return [e["message"] for e in self.d.get_log("browser")
                if "Content Security Policy" in e["message"] or "Refused to" in e["message"]]

    def run(self):
        d = self.d
        d.get(BASE + "/")
        self.check("unauthenticated dashboard redirects to /login", d.current_url.startswith(BASE + "/login"), d.current_url)
        self.shot("login")

        d.find_element(By.ID, "username").send_keys(USER)
        d.find_element(By.ID, "password").send_keys("wrong password")
        d.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
        message = wait_for("the wrong-password message", lambda: d.find_elements(By.ID, "login-message"))
        self.check("a wrong password shows the form again with a message", "错误" in message[0].text, message[0].text)

        d.find_element(By.ID, "password").send_keys(PASSWORD)
        d.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
        wait_for("the dashboard", lambda: d.current_url == BASE + "/")
        self.check("signing in opens the dashboard", not d.find_elements(By.CSS_SELECTOR, "article.fire"),
                   "a fire incident is already open")
        wait_for("the live connection", lambda: d.find_elements(By.CSS_SELECTOR, "#live-status.live-connected"))
        d.execute_script("window.__notReloaded = 'marker'")
        loaded_at = d.execute_script("return window.firewatchConsole.loadedAt")

        publish("gw-demo", FIRE_FRAME)
        started = time.monotonic()
        wait_for("the fire alarm on the dashboard", lambda: d.find_elements(By.CSS_SELECTOR, "article.fire"), timeout=2.0,
                 interval=0.02)
        elapsed = time.monotonic() - started
        self.check(f"the fire alarm appears within 2 s without a reload ({elapsed:.2f} s)",
                   d.execute_script("return window.__notReloaded") == "marker"
                   and d.execute_script("return window.firewatchConsole.loadedAt") == loaded_at
                   and d.execute_script("return window.firewatchConsole.swaps") >= 1)
        # Later events swap the live part again: read the block in one go, never keep elements.
        fire = d.execute_script("""
            var f = document.querySelector('article.fire'), r = f.getBoundingClientRect();
            return {id: f.dataset.incident, text: f.innerText, top: r.top, height: r.height};""")
        self.check("the fire block names the building and the point", "江宁国际大厦" in fire["text"] and "走廊" in fire["text"],
                   fire["text"])
        self.check("the fire block is at the top of the page", fire["top"] < HEIGHT / 3 and fire["height"] < HEIGHT * 0.75, str(fire))

        # Input for the other pages: a fault (a hazard), a bad checksum and an unknown gateway
        # (the quarantine). Only after the timing above, so they cannot help it.
        publish("gw-demo", frame_variant(FIRE_FRAME, serial=2, status=0x0004, address=0x00060101))
        bad = bytearray(frame_variant(FIRE_FRAME, serial=3, status=0x0002, address=0x00060102))
        bad[-3] ^= 0xFF
        publish("gw-demo", bytes(bad))
        publish("gw-9999", frame_variant(FIRE_FRAME, serial=4, status=0x0002, address=0x00060103))
        wait_for("the fault on the dashboard", lambda: d.find_elements(By.CSS_SELECTOR, "tr.hazard"))
        time.sleep(0.5)
        self.shot("dashboard")

        # The live part of the page is swapped whenever something commits: an element found a
        # moment ago may be gone. Click with a retry, and read texts in one script call.
        incident = fire["id"]
        click(d, f'article.fire[data-incident="{incident}"] button[data-action="confirm-real"]')
        flash = wait_for("the outcome of the verdict", lambda: texts(d, ".flash-ok"))
        status = wait_for("the incident's new status",
                          lambda: texts(d, f'article.fire[data-incident="{incident}"] .fire-status'))[0]
        self.check("confirming it as real is one click", "已确认真实火警" in status, f"{flash[0]} / {status}")

        d.get(BASE + "/buildings/bldg-0001")

        def told(party):
            return texts(d, f'.notice-group[data-party="{party}"] li.notice')

        wait_for("the department and brigade notices", lambda: told("department") and told("brigade"))
        wait_for("the notices' delivery", lambda: texts(d, '.notice-group[data-party="department"] .delivered'))
        department, brigade = told("department")[0], told("brigade")[0]
        self.check("the building page lists the department's and the brigade's notices",
                   "江宁市消防救援支队" in department and "城东区大队" in brigade, f"{department} / {brigade}")
        self.shot("building")
        d.execute_script("document.getElementById('bhazards-h').scrollIntoView()")
        self.shot("building-lower")

        d.get(BASE + "/hazards")
        rows = texts(d, "tr.hazard")
        self.check("the hazard register lists the fault", rows and "江宁国际大厦" in rows[0], rows[0] if rows else "no rows")
        self.shot("hazards")

        d.get(BASE + "/quarantine")
        reasons = texts(d, ".q-reason")
        self.check("the quarantine shows the rejected input", "校验和错误" in reasons and "未登记的装置" in reasons, str(reasons))
        self.shot("quarantine")

        d.get(BASE + "/?lang=en")
        self.check("English is one click away", "Confirm real fire" in d.page_source or "FIRE" in d.page_source)
        self.shot("dashboard-en")
        d.get(BASE + "/?lang=zh")

        violations = self.csp_violations()
        self.check("no content security policy violations", not violations, "\n".join(violations))


def texts(d, selector):
    """The inner texts of every element matching `selector`, read in one go (no stale elements)."""
    return d.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(function (e) { return e.innerText; });", selector)


def click(d, selector, attempts=10):
    """Clicks the element matching `selector`, finding it again if a live update replaced it."""
    for attempt in range(attempts):
        try:
            d.find_element(By.CSS_SELECTOR, selector).click()
            return
        except StaleElementReferenceException:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


def main():
    os.makedirs(SHOTS, exist_ok=True)
    for stale in ("failure.png", "failure.html"):
        if os.path.exists(os.path.join(SHOTS, stale)):
            os.remove(os.path.join(SHOTS, stale))
    driver = browser()
    test = ConsoleTest(driver)
    try:
        test.run()
    except Exception:
        traceback.print_exc()
        try:
            test.shot("failure")
            with open(os.path.join(SHOTS, "failure.html"), "w") as f:
                f.write(driver.page_source)
        except Exception:
            pass
        print(f"browser test: {len(test.passed)} passed, 1 failed")
        return 1
    finally:
        driver.quit()
    print(f"browser test: {len(test.passed)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
