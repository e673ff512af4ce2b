package io.gatescope.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatescope.analyzer.index.FindingsIndex;
import io.gatescope.analyzer.job.AnalyzerConfig;
import io.gatescope.analyzer.job.FileAnalysis;
import io.gatescope.analyzer.model.Finding;
import io.gatescope.ingest.read.LogFiles;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The UI in headless Debian Chromium, driven by Selenium through the system chromedriver. */
class BrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir static Path tmp;
    static FindingsIndex index;
    static Javalin open;
    static Javalin guarded;
    static WebDriver driver;
    static String downId;
    static String renderId;

    @BeforeAll
    static void start() throws Exception {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        // On a developer's machine without Chromium these tests are skipped; in CI (.ci/run
        // installs it) a missing browser is a failure, never a silent skip.
        if ("true".equals(System.getenv("CI"))) {
            assertThat(browser)
                    .as("chromium and chromium-driver must be installed in CI (.ci/run does it)")
                    .isTrue();
        }
        assumeTrue(browser, "chromium and chromium-driver are installed by .ci/run");
        index = new FindingsIndex(tmp.resolve("index"));
        TestIncidents.fill(index);
        var result =
                FileAnalysis.run(
                        LogFiles.expand(List.of(Path.of("..", "sample-logs", "vm-oom-kill"))),
                        AnalyzerConfig.defaults(),
                        2);
        List<Finding> findings = new ArrayList<>();
        result.document().incidents().forEach(i -> findings.add(Finding.of(i)));
        result.steps().forEach(s -> findings.add(Finding.of(s)));
        index.upsert(findings);
        downId = result.document().incidents().get(0).id();
        var render =
                FileAnalysis.run(
                        LogFiles.expand(
                                List.of(Path.of("..", "sample-logs", "nginx-render-timeout"))),
                        AnalyzerConfig.defaults(),
                        2);
        index.upsert(render.document().incidents().stream().map(Finding::of).toList());
        renderId = render.document().incidents().get(0).id();
        open = WebApp.create(TestIncidents.context(index, null, null)).start("127.0.0.1", 0);
        guarded = WebApp.create(TestIncidents.context(index, "sekret", null)).start("127.0.0.1", 0);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chrome"));
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(DRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        driver = new ChromeDriver(service, o);
        driver.manage().window().setSize(new Dimension(1280, 1100));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (open != null) {
            open.stop();
            guarded.stop();
        }
        if (index != null) {
            index.close();
        }
    }

    static String url(Javalin app, String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    /**
     * The page as it is now, for the README's pictures: written under target/ and copied to docs/
     * by hand when the UI changes, never by a test.
     */
    static void screenshot(String name) throws java.io.IOException {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    static WebDriverWait await() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @Test
    void theListShowsTheIncidentsNewestFirst() {
        driver.get(url(open, "/"));
        await().until(
                        ExpectedConditions.numberOfElementsToBeMoreThan(
                                By.cssSelector("#incidents tbody tr"), 2));
        List<WebElement> rows = driver.findElements(By.cssSelector("#incidents tbody tr"));
        assertThat(rows.get(0).getText()).contains("billing.example.com").contains("DNS_FAILURE");
        assertThat(driver.findElement(By.id("incidents")).getText())
                .contains("shop.example.com")
                .contains("UPSTREAM_DOWN");
    }

    @Test
    void theIncidentPageDrawsTheChartAndListsCausesAndFixes() throws Exception {
        driver.get(url(open, "/incidents/" + downId));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart canvas")));
        assertThat(Integer.parseInt(driver.findElement(By.id("chart")).getAttribute("data-points")))
                .isGreaterThan(10);
        await().until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("causes"), "UPSTREAM_DOWN"));
        WebElement first = driver.findElements(By.cssSelector("#causes > li")).get(0);
        assertThat(first.getText())
                .contains("UPSTREAM_DOWN")
                .contains("connect() failed (111: Connection refused)");
        assertThat(first.findElements(By.cssSelector("pre.config"))).isNotEmpty();
        assertThat(first.findElements(By.cssSelector("pre.example"))).isNotEmpty();
        // The kernel's OOM kill, read from the sample's kern.log, above the fixes and on the chart.
        WebElement trigger = first.findElement(By.cssSelector(".trigger"));
        assertThat(trigger.getText()).contains("OOM_KILL").contains("killed for memory");
        assertThat(trigger.findElements(By.cssSelector("pre.example")).get(0).getText())
                .contains("Out of memory: Killed process 2231 (gunicorn)");
        assertThat(
                        Integer.parseInt(
                                driver.findElement(By.id("chart")).getAttribute("data-markers")))
                .isGreaterThan(0);
        assertThat(driver.findElement(By.id("markers")).getText()).contains("09:10:02 OOM_KILL");
        assertThat(driver.findElement(By.id("peers")).getText()).contains("10.0.5.11:8000");
        assertThat(driver.findElement(By.id("classes")).getText())
                .contains("connection refused (CONNECT_REFUSED)");
        screenshot("screenshot-incident.png");
    }

    @Test
    void theIncidentShowsWhatItsFailingRequestsShareAndEachValueSearchesItsLines()
            throws Exception {
        driver.get(url(open, "/incidents/" + renderId));
        await().until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("dimensions"), "/v2/invoices/{id}/render"));
        String table = driver.findElement(By.id("dimensions")).getText();
        assertThat(table).contains("POST").contains("60.0–60.1 s").contains("100%");
        assertThat(driver.findElement(By.id("no-dimensions")).isDisplayed()).isFalse();
        ((JavascriptExecutor) driver)
                .executeScript(
                        "arguments[0].scrollIntoView()",
                        driver.findElement(By.id("dimensions-card")));
        screenshot("incident-dimensions.png");
        WebElement path = driver.findElement(By.linkText("/v2/invoices/{id}/render"));
        path.click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#results li a")));
        assertThat(driver.findElement(By.id("results")).getText()).contains("/v2/invoices/");
        // An incident whose failures share nothing says so.
        driver.get(url(open, "/incidents/inc-dns-2"));
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("no-dimensions")));
        assertThat(driver.findElements(By.cssSelector("#dimensions tbody tr"))).isEmpty();
    }

    @Test
    void searchFindsAnIncidentByAWordFromItsEvidence() {
        driver.get(url(open, "/search?q=resolved"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#results li a")));
        WebElement hit = driver.findElement(By.cssSelector("#results li"));
        assertThat(hit.getText()).contains("billing.example.com").contains("could not be resolved");
    }

    @Test
    void hostileLogLinesShowAsTextAndExecuteNothing() {
        driver.get(url(open, "/incidents/inc-xss-3"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("pre.example")));
        assertThat(driver.findElement(By.cssSelector("pre.example")).getText())
                .contains("<script>window.__xss=1</script>");
        assertThat(driver.findElement(By.id("title")).getText())
                .contains("evil<script>.example.com");
        assertThat(driver.findElement(By.id("dimensions")).getText())
                .contains(TestIncidents.XSS_AGENT);
        // The markup stayed text: no element was made from it, so no handler can ever fire
        // (an onerror fires later than the render, so the flag alone would prove nothing).
        assertThat(driver.findElements(By.cssSelector("main script, main img"))).isEmpty();
        assertThat(((JavascriptExecutor) driver).executeScript("return typeof window.__xss"))
                .isEqualTo("undefined");
        // Nearby lines of the upstream's side are as hostile as the gateway's.
        driver.get(url(open, "/incidents/inc-down-1"));
        await().until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("nearby"), "onerror"));
        assertThat(driver.findElements(By.cssSelector("main script, main img"))).isEmpty();
        driver.get(url(open, "/"));
        await().until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("incidents"), "evil<script>.example.com"));
        assertThat(((JavascriptExecutor) driver).executeScript("return typeof window.__xss"))
                .isEqualTo("undefined");
    }

    @Test
    void withATokenSetTheUiAsksForItOnceAndSendsIt() {
        driver.get(url(guarded, "/"));
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("auth")));
        driver.findElement(By.cssSelector("#auth input[name=token]")).sendKeys("sekret");
        driver.findElement(By.cssSelector("#auth button")).click();
        await().until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("incidents"), "shop.example.com"));
        driver.get(url(guarded, "/incidents/" + downId));
        await().until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("causes"), "UPSTREAM_DOWN"));
        assertThat(driver.findElement(By.id("auth")).isDisplayed()).isFalse();
    }

    @Test
    void theExplainPageAnswersAPasteAndShowsItsLinesAsText() throws Exception {
        driver.get(url(open, "/"));
        driver.findElement(By.cssSelector("a.nav[href='/explain']")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("paste-form")));
        String paste =
                "[error] 31#31: *5 connect() failed (111: Connection refused) while connecting to"
                        + " upstream, client: 10.0.0.1, server: shop.example.com, request: \"GET /"
                        + " HTTP/1.1\", upstream: \"http://10.0.1.5:8080/\", host: \"shop.example.com\"\n"
                        + "<img src=x onerror=\"window.__xss=1\">";
        ((JavascriptExecutor) driver)
                .executeScript("document.getElementById('lines').value = arguments[0]", paste);
        driver.findElement(By.id("explain-button")).click();
        await().until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("explained-causes"), "UPSTREAM_DOWN"));
        List<WebElement> lines = driver.findElements(By.cssSelector("#read-lines tr"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).getText()).contains("nginx-error").contains("refused");
        assertThat(lines.get(1).getText()).contains("unknown").contains("<img src=x onerror=");
        assertThat(driver.findElements(By.cssSelector("main img, main script"))).isEmpty();
        assertThat(driver.findElement(By.id("tell-apart")).getText()).contains("10.0.1.5");
        WebElement first = driver.findElements(By.cssSelector("#explained-causes > li")).get(0);
        assertThat(first.findElements(By.cssSelector("pre.config"))).isNotEmpty();
        screenshot("screenshot-explain.png");
    }
}
