package io.flashsale.e2e;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One buyer's or operator's own browser: a headless system Chromium with a fresh profile, driven the way a person
 * uses the page (sign-in form, clicks, typing), with explicit waits and screenshots kept as build artifacts.
 * It also records every WebSocket frame the page receives, so a test can tell a pushed update from a polled one.
 */
final class Browser {

    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** Installed before any page script runs: keeps the text of each frame any WebSocket of the page receives. */
    private static final String FRAME_RECORDER = """
            (() => {
              const Native = window.WebSocket;
              const frames = (window.__e2eFrames = []);
              window.WebSocket = class extends Native {
                constructor(...args) {
                  super(...args);
                  this.addEventListener('message', (event) => {
                    if (typeof event.data === 'string') frames.push(event.data);
                  });
                }
              };
            })();
            """;

    /** Sets a datetime-local input to the browser's local time plus an offset, as its date-time picker would. */
    private static final String SET_LOCAL_DATE_TIME = """
            const [input, offsetMs] = arguments;
            const at = new Date(Date.now() + offsetMs);
            const two = (n) => String(n).padStart(2, '0');
            const value = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`
                + `T${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
            const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
            setter.call(input, value);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            input.dispatchEvent(new Event('change', { bubbles: true }));
            return value;
            """;

    private final String name;
    private final String baseUrl;
    private final Path profile;
    private final ChromeDriver driver;

    private Browser(String name, String baseUrl, Path profile, ChromeDriver driver) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.profile = profile;
        this.driver = driver;
    }

    /** Starts a browser of its own (a separate ChromeDriver and profile: nothing shared with any other). */
    static Browser start(String name, String baseUrl) {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver: "
                    + "run bin/services --browser (bin/test does)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("flashsale-e2e-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1400", "--lang=en-US", "--user-data-dir=" + profile);
        // The driver given explicitly: Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", FRAME_RECORDER));
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
        return new Browser(name, baseUrl, profile, driver);
    }

    String name() {
        return name;
    }

    /** Opens a page of the service, e.g. {@code /sign-in}. */
    void open(String path) {
        driver.get(baseUrl + path);
    }

    String currentPath() {
        String url = driver.getCurrentUrl();
        return url == null ? "" : url.substring(baseUrl.length());
    }

    /** Fills in the page's sign-in form and waits until it has taken the buyer on. */
    void signIn(String email, String password) {
        type("login-email", email);
        type("login-password", password);
        click("login-submit");
        waitUntil(ExpectedConditions.not(ExpectedConditions.urlContains("/sign-in")));
        visible("sign-out");
    }

    /** Waits until the page's live connection (STOMP over WebSocket) is up. */
    void awaitLiveUpdates() {
        waitUntil(ExpectedConditions.attributeToBe(testId("socket-state"), "data-state", "connected"));
    }

    void type(String testId, CharSequence text) {
        visible(testId).sendKeys(text);
    }

    /** Replaces what a field holds, as selecting its text and typing over it would. */
    void retype(String testId, CharSequence text) {
        WebElement field = visible(testId);
        field.clear();
        field.sendKeys(text);
    }

    /** Sets a datetime-local field to now plus an offset, in the browser's time zone; returns the value. */
    String setLocalDateTime(String testId, Duration fromNow) {
        return (String) ((JavascriptExecutor) driver).executeScript(SET_LOCAL_DATE_TIME, visible(testId),
                fromNow.toMillis());
    }

    void click(String testId) {
        clickable(testId).click();
    }

    WebElement visible(String testId) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(testId(testId)));
    }

    WebElement visible(By locator) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    WebElement clickable(String testId) {
        return waitUntil(ExpectedConditions.elementToBeClickable(testId(testId)));
    }

    boolean isShown(String testId) {
        return driver.findElements(testId(testId)).stream().anyMatch(WebElement::isDisplayed);
    }

    String text(String testId) {
        return visible(testId).getText().trim();
    }

    /** The snap-up state the sale page shows in its banner ({@code checkout}, {@code sold-out}, …), or "idle". */
    String snapUpState() {
        return driver.findElements(By.cssSelector(".sale__state [data-testid^='state-']")).stream()
                .filter(WebElement::isDisplayed)
                .map(banner -> banner.getDomAttribute("data-testid").substring("state-".length()))
                .findFirst().orElse("idle");
    }

    /** Waits until the sale page shows one of the given snap-up states, and returns it. */
    String awaitSnapUpState(Duration timeout, String... states) {
        List<String> wanted = List.of(states);
        AtomicReference<String> seen = new AtomicReference<>("idle");
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .withMessage(() -> name + "'s page shows state '" + seen.get() + "', not one of " + wanted)
                .until(page -> {
                    seen.set(snapUpState());
                    return wanted.contains(seen.get()) ? seen.get() : null;
                });
    }

    /** Waits (up to 20 s) for a condition. */
    <T> T waitUntil(Function<? super WebDriver, T> condition) {
        return waitUntil(condition, PATIENCE);
    }

    <T> T waitUntil(Function<? super WebDriver, T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
    }

    /** The text of every WebSocket frame the page received so far (STOMP frames, headers and body). */
    List<String> receivedFrames() {
        Object frames = ((JavascriptExecutor) driver).executeScript("return window.__e2eFrames || [];");
        return ((List<?>) frames).stream().map(String::valueOf).toList();
    }

    /** A value the page keeps in its local storage (e.g. its access token). */
    String localStorage(String key) {
        return (String) ((JavascriptExecutor) driver).executeScript("return window.localStorage.getItem(arguments[0]);",
                key);
    }

    /** Saves what the browser shows as target/e2e-screenshots/{fileName}.png. */
    Path screenshot(String fileName) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(fileName + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the browser and removes its profile. */
    void quit() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary profile is harmless.
            }
        }
    }

    static By testId(String testId) {
        return By.cssSelector("[data-testid='" + testId + "']");
    }
}
