"""A real browser's journey through `sessionscope live`: headless Chromium through
WebDriver logs in with the HTML form, waits while the test kills the server that answered,
and reloads. Driven by ChromiumTests.swift: prints one line per stage, reads `go` between.

usage: login_journey.py URL
"""
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text.strip()


def main():
    url = sys.argv[1]
    profile = tempfile.mkdtemp(prefix="sessionscope-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--user-data-dir={profile}", "--no-first-run", "--disable-background-networking"):
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get(url + "/")
        driver.find_element(By.NAME, "user").send_keys("alice")
        driver.find_element(By.NAME, "password").send_keys("secret")
        driver.find_element(By.ID, "login").click()
        # The click only starts the navigation: wait for the answer's page.
        WebDriverWait(driver, 10).until(expected_conditions.title_is("Logged in"))
        print(f"logged-in user={text(driver, 'user')} server={text(driver, 'server')}", flush=True)
        if sys.stdin.readline().strip() != "go":
            return 1
        driver.get(url + "/")
        WebDriverWait(driver, 10).until(expected_conditions.title_is("sessionscope"))
        print(f"after user={text(driver, 'user')} server={text(driver, 'server')}", flush=True)
        return 0
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
