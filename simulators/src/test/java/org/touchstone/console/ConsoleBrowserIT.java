package org.touchstone.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.calibration.ScaleVerificationRecord;
import org.touchstone.agent.config.ConsoleConfig;
import org.touchstone.sim.demo.DemoScenario;

/**
 * The console in a real browser (Debian's Chromium, driven by Selenium through chromedriver) against a real
 * agent measuring with simulated instruments: an inspector logs in, watches the honest consignment turn GREEN and
 * the misdeclared one RED while the instruments measure, selects items with the buttons, acknowledges and closes
 * the alert and sees the journal's confirmation, downloads the evidence, sees a failed scale's banner, and
 * switches language. A screenshot of each page is saved under {@code target/console-screenshots/}, and each page
 * is checked by what it shows.
 */
class ConsoleBrowserIT {

    static final Path SHOTS = Path.of("target", "console-screenshots");

    @TempDir
    Path dir;

    private ConsolePost post;
    private ChromeDriver browser;
    private Path downloads;

    /**
     * A developer's machine may lack Chromium: the browser test is skipped there, saying so. CI installs it
     * ({@code .ci/run}), and there a missing browser fails the test.
     */
    static void requireChromium() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("CI must have /usr/bin/chromium and /usr/bin/chromedriver (.ci/run installs them)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present,
                "no /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver to run it");
    }

    @BeforeEach
    void start() throws Exception {
        requireChromium();
        post = new ConsolePost(dir, ConsoleConfig.local(0), true);
        post.commission();
        downloads = Files.createDirectories(dir.resolve("downloads"));
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Path.of("/usr/bin/chromium").toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")), "--lang=en-GB");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "intl.accept_languages", "en-GB,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1360, 2000));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (post != null) {
            post.close();
        }
    }

    @Test
    void anInspectorWorksTwoConsignmentsAtTheBench_fromLoginToEvidence() throws Exception {
        DemoScenario.Consignment honest = DemoScenario.standard().consignments().get(0);
        DemoScenario.Consignment misdeclared = DemoScenario.standard().consignments().get(1);

        // Log in: a wrong password is refused on the page, the right one opens the inspections.
        browser.get(post.base() + "/inspections");
        assertTrue(browser.getCurrentUrl().endsWith("/login"), "an anonymous visitor is sent to the login page");
        shot("login");
        browser.findElement(By.id("officer")).sendKeys("ana");
        browser.findElement(By.id("password")).sendKeys("not the password");
        browser.findElement(By.id("login-button")).click();
        // The password check takes a deliberate 0.1-0.2 s (PBKDF2), longer on a loaded machine: wait for the answer page.
        assertEquals("Wrong officer id or password.", awaitElement(By.id("login-error")).getText());
        browser.findElement(By.id("password")).sendKeys(ConsolePost.PASSWORD);
        browser.findElement(By.id("login-button")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().endsWith("/inspections"));
        assertTrue(browser.findElement(By.id("officer")).getText().startsWith("Ana Diallo · inspector"));
        awaitLive();

        // The honest declaration arrives while the list is open: it appears without a reload.
        stay();
        post.agent.submitDeclaration(ConsolePost.DEMO_DECLARATIONS.resolve(honest.declarationFile())).get();
        WebElement row = awaitElement(By.cssSelector("tr[data-id='DEMO-0001']"));
        assertTrue(row.getText().contains("Transit Agents Ltd") && row.getText().contains("GH"), row.getText());
        assertTrue(stayed(), "the list was updated in place, not reloaded");

        // The bench: nothing selected, so a load would wait. One click puts item 1 on the bench, in air.
        browser.get(post.base() + "/bench");
        awaitLive();
        assertTrue(browser.findElement(By.id("no-active")).getText().contains("waits for a selection"));
        stay();
        long seq = clickAndConfirm(By.cssSelector("button.select-air[data-item='DEMO-0001/1']"));
        JsonNode selection = post.journalRecord(seq, RecordType.ACTIVE_ITEM);
        assertEquals("DEMO-0001", selection.path("declarationId").asText());
        assertEquals("ana", selection.path("by").asText(), "the officer comes from the login session");
        awaitText(By.id("active"), "DEMO-0001 / 1");

        // The scale's indication follows the load live; the weighing and the XRF shots are bound to item 1.
        DemoScenario.TrueItem bar = honest.items().get(0);
        post.physics.setLoad(bar.trueGrams());
        awaitText(By.cssSelector("[data-scale='scale-1'] .value"), "1,000.0");
        await().atMost(Duration.ofSeconds(20)).until(() -> post.events.weighings.contains("DEMO-0001/1"));
        assertEquals("stable", browser.findElement(By.cssSelector("[data-scale='scale-1'] .state")).getText());
        shoot("DEMO-0001", bar);
        awaitText(By.id("last-shot"), "DEMO-0001/1");
        shot("bench");
        assertTrue(stayed(), "the bench was updated in place");
        emptyPan();
        // Item 1, weighed and taken off the pan, is done: the bench says a new load waits for a selection.
        awaitText(By.id("selection-weighed"), "the next load waits for a selection");

        // The inspection page, open while item 2 is measured: its lane turns GREEN before the inspector's eyes.
        browser.get(post.base() + "/inspections/DEMO-0001");
        awaitLive();
        assertEquals("Pending", browser.findElement(By.cssSelector("#lane .lane")).getText());
        stay();
        clickAndConfirm(By.cssSelector("#item-2 button.select-air"));
        DemoScenario.TrueItem chains = honest.items().get(1);
        post.physics.setLoad(chains.trueGrams());
        await().atMost(Duration.ofSeconds(20)).until(() -> post.events.weighings.contains("DEMO-0001/2"));
        shoot("DEMO-0001", chains);
        awaitText(By.cssSelector("#lane .lane"), "Green");
        assertTrue(stayed(), "the lane changed in place, not by a reload");
        emptyPan();
        WebElement item1 = browser.findElement(By.id("item-1"));
        assertTrue(item1.findElements(By.cssSelector("svg.bar")).size() == 2, "a bar for mass and one for fineness");
        assertTrue(item1.getText().contains("Measured 1,000.03 g") || item1.getText().contains("Measured 1,000.0"),
                item1.getText());
        assertTrue(item1.getText().contains("declared 1,000.00 g"), item1.getText());
        assertTrue(item1.findElement(By.cssSelector("details.readings code")).getAttribute("textContent")
                .startsWith("S S"), "the weighing's raw MT-SICS frame is shown");
        assertTrue(item1.getText().contains("Trusted"), "each reading shows its device's trust");
        assertTrue(browser.findElement(By.cssSelector(".not-tested")).getText().contains("surface"),
                "what XRF could not test is said");
        shot("inspection-green");

        // The misdeclared consignment: RED as the evidence comes in, on the page the inspector is watching.
        post.agent.submitDeclaration(ConsolePost.DEMO_DECLARATIONS.resolve(misdeclared.declarationFile())).get();
        browser.get(post.base() + "/inspections/DEMO-0002");
        awaitLive();
        stay();
        for (DemoScenario.TrueItem item : misdeclared.items()) {
            clickAndConfirm(By.cssSelector("#item-" + item.itemId() + " button.select-air"));
            post.physics.setLoad(item.trueGrams());
            String label = "DEMO-0002/" + item.itemId();
            await().atMost(Duration.ofSeconds(20)).until(() -> post.events.weighings.contains(label));
            shoot("DEMO-0002", item);
            emptyPan();
        }
        awaitText(By.cssSelector("#lane .lane"), "Red");
        assertTrue(stayed());
        // The grain as the agent weighed it: the simulated balance's noise (0.3 d, quantised to d = 0.01 g) shows the
        // true 612.40 g as 612.39 or 612.41 g about one weighing in thirteen, so the page is held to the agent's
        // measurement, and the measurement to the truth within two divisions.
        DemoScenario.TrueItem grain = misdeclared.items().get(1);
        double weighed = post.agent.verdict("DEMO-0002").items().stream()
                .filter(i -> i.itemId().equals(grain.itemId())).findFirst().orElseThrow().mass().measuredGrams();
        assertEquals(grain.trueGrams().doubleValue(), weighed, 0.02, "the balance shows the grain's true mass");
        String weighedText = String.format(Locale.ROOT, "%.2f g", weighed);
        // The lane turns red with the first RED finding; the page shows the others as their evidence arrives.
        String findings = await().atMost(Duration.ofSeconds(20)).until(
                () -> browser.findElement(By.id("findings")).getText(),
                t -> t.contains("Mass discrepancy") && t.contains(weighedText) && t.contains("Fineness below the declared"));
        assertTrue(findings.contains("Mass discrepancy") && findings.contains(weighedText), findings);
        assertTrue(browser.findElements(By.cssSelector("svg .interval.bad")).size() >= 2, "the failing bars are drawn red");
        shot("inspection-red");

        // The alert: an inspector may acknowledge, detain or sample, not release a RED or seize.
        browser.get(post.base() + "/alerts");
        awaitLive();
        String alertId = post.postId + ":DEMO-0002";
        WebElement alert = browser.findElement(By.cssSelector("article[data-alert='" + alertId + "']"));
        List<String> outcomes = alert.findElements(By.cssSelector("select.outcome option")).stream()
                .map(o -> o.getAttribute("value")).toList();
        assertEquals(List.of("DETAINED", "SAMPLED"), outcomes);
        stay();
        alert.findElement(By.cssSelector("input.ack-note")).sendKeys("held at bay 3");
        long ack = clickAndConfirm(By.cssSelector("article[data-alert='" + alertId + "'] button.ack"));
        JsonNode acknowledged = post.journalRecord(ack, RecordType.ALERT);
        assertEquals("ACKNOWLEDGED", acknowledged.path("state").asText());
        assertEquals("ana", acknowledged.path("acknowledgement").path("by").asText());
        assertEquals("held at bay 3", acknowledged.path("acknowledgement").path("note").asText());
        awaitElement(By.cssSelector("article[data-alert='" + alertId + "'] tr[data-revision='" +
                acknowledged.path("revision").asInt() + "']"));
        alert = browser.findElement(By.cssSelector("article[data-alert='" + alertId + "']"));
        alert.findElement(By.cssSelector("input.close-note")).sendKeys("seal TS-0042");
        long closed = clickAndConfirm(By.cssSelector("article[data-alert='" + alertId + "'] button.close-alert"));
        JsonNode closure = post.journalRecord(closed, RecordType.ALERT);
        assertEquals("CLOSED", closure.path("state").asText());
        assertEquals("DETAINED", closure.path("closure").path("outcome").asText());
        assertEquals("ana", closure.path("closure").path("by").asText());
        awaitText(By.cssSelector("article[data-alert='" + alertId + "'] table.life"), "Detained: seal TS-0042");
        assertTrue(stayed());
        String confirmation = browser.findElement(By.id("confirmations")).getText();
        assertTrue(confirmation.contains("Journaled as record #" + closed), confirmation);
        shot("alerts");

        // Evidence: the JSON package downloads; the printable report shows declared against measured and the
        // closure.
        browser.get(post.base() + "/inspections/DEMO-0002");
        browser.findElement(By.id("evidence-json")).click();
        Path downloaded = downloads.resolve("DEMO-0002.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isRegularFile(downloaded) && Files.size(downloaded) > 0);
        JsonNode evidence = post.json.readTree(downloaded.toFile());
        assertEquals("DEMO-0002", evidence.path("inspection").asText());
        assertEquals("RED", evidence.path("lane").asText());
        assertEquals("ana", evidence.path("alerts").get(evidence.path("alerts").size() - 1).path("closure").path("by")
                .asText());
        assertEquals(2, evidence.path("selections").size(), "both items were put on the bench from the console");
        browser.get(post.base() + "/inspections/DEMO-0002/evidence.html");
        String report = browser.findElement(By.tagName("body")).getText();
        assertTrue(report.contains("Declared and measured") && report.contains(weighedText), report);
        assertTrue(report.contains("outcome DETAINED") && report.contains("by ana"), report);
        assertTrue(report.contains("Items put on the bench"), report);
        shot("evidence");

        // Closing the inspection: the officer confirms, the journal confirms, and the page says who closed it.
        browser.get(post.base() + "/inspections/DEMO-0002");
        awaitLive();
        int confirmationsBefore = browser.findElements(By.cssSelector("#confirmations .confirmation")).size();
        browser.findElement(By.id("close-inspection")).click();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            browser.switchTo().alert().accept();
            return true;
        });
        await().atMost(Duration.ofSeconds(20)).until(() ->
                browser.findElements(By.cssSelector("#confirmations .confirmation")).size() > confirmationsBefore);
        WebElement closedConfirmation = browser.findElement(By.cssSelector("#confirmations .confirmation"));
        assertTrue(closedConfirmation.getAttribute("class").contains("accepted"), closedConfirmation.getText());
        JsonNode inspectionClosed = post.journalRecord(Long.parseLong(closedConfirmation.getAttribute("data-seq")),
                RecordType.INSPECTION_CLOSED);
        assertEquals("ana", inspectionClosed.path("by").asText());
        awaitText(By.id("closure"), "ana");

        // A scale that fails its verification: a banner on every page, live, and the device page says why.
        browser.get(post.base() + "/devices");
        awaitLive();
        assertTrue(browser.findElements(By.cssSelector(".banner")).isEmpty(), "both devices trusted so far");
        post.physics.setSpanError(-0.0005);
        ScaleVerificationRecord failed = post.verifyScale();
        assertFalse(failed.passed());
        post.agent.recordCalibration(failed).get();
        WebElement banner = awaitElement(By.cssSelector(".banner[data-device='scale-1']"));
        assertTrue(banner.getText().contains("scale-1: Failed"), banner.getText());
        awaitText(By.cssSelector("#device-scale-1 .trust"), "Failed");
        WebElement scaleCard = browser.findElement(By.id("device-scale-1"));
        assertTrue(scaleCard.findElements(By.cssSelector("svg.mpe path.step")).size() == 2,
                "the MPE drawn as steps, in service and at verification");
        assertTrue(scaleCard.getText().contains("SIM-0001"), "the scale's serial number");
        assertFalse(browser.findElements(By.cssSelector("#device-xrf-1 svg.control")).isEmpty(), "control charts");
        assertTrue(scaleCard.findElement(By.cssSelector("table.history tr.failed")).getText().contains("failed"));
        shot("devices");

        // Languages: French, then Russian, labels and numbers alike.
        browser.get(post.base() + "/inspections/DEMO-0001");
        browser.findElement(By.cssSelector("form.lang button[value='fr']")).click();
        awaitText(By.cssSelector("header nav"), "Contrôles");
        assertEquals("Vert", browser.findElement(By.cssSelector("#lane .lane")).getText());
        String frenchItem = browser.findElement(By.id("item-1")).getText();
        assertTrue(frenchItem.contains("1\u202f000,00 g") || frenchItem.contains("1 000,00 g"), frenchItem);
        shot("inspection-fr");
        browser.findElement(By.cssSelector("form.lang button[value='ru']")).click();
        awaitText(By.cssSelector("header nav"), "Досмотры");
        assertEquals("Зелёный", browser.findElement(By.cssSelector("#lane .lane")).getText());
        shot("inspection-ru");
    }

    // ---- helpers ----

    /** Puts three 10 s shots on an item's surface, labelled as the analyzer's operator would, and waits for them. */
    private void shoot(String declarationId, DemoScenario.TrueItem item) {
        String label = declarationId + "/" + item.itemId();
        long before = post.events.shots.stream().filter(label::equals).count();
        for (int i = 0; i < 3; i++) {
            post.xrf.shoot(item.surface(), 10.0, label);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> post.events.shots.stream().filter(label::equals).count()
                >= before + 3);
    }

    private void emptyPan() {
        post.physics.setLoad(BigDecimal.ZERO);
        await().atMost(Duration.ofSeconds(20)).until(post.events::panEmpty);
    }

    /** Clicks a command's button and returns the journal record number the confirmation shows. */
    private long clickAndConfirm(By button) {
        int before = browser.findElements(By.cssSelector("#confirmations .confirmation")).size();
        browser.findElement(button).click();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                browser.findElements(By.cssSelector("#confirmations .confirmation")).size() > before);
        WebElement c = browser.findElement(By.cssSelector("#confirmations .confirmation"));
        assertTrue(c.getAttribute("class").contains("accepted"), c.getText());
        Matcher m = Pattern.compile("record #(\\d+)").matcher(c.getText());
        assertTrue(m.find(), c.getText());
        assertEquals(m.group(1), c.getAttribute("data-seq"));
        return Long.parseLong(m.group(1));
    }

    private void awaitLive() {
        await().atMost(Duration.ofSeconds(10)).until(() -> "connected".equals(
                browser.findElement(By.id("live-status")).getAttribute("data-state")));
    }

    private WebElement awaitElement(By by) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(by).isEmpty());
        return browser.findElement(by);
    }

    private void awaitText(By by, String text) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> browser.findElement(by).getText()
                .contains(text));
    }

    /** Marks the page, so {@link #stayed()} can tell an update in place from a reload. */
    private void stay() {
        ((JavascriptExecutor) browser).executeScript("window.__stayed = true;");
    }

    private boolean stayed() {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript("return window.__stayed === true;"));
    }

    private void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
