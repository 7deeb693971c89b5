using System.Net;
using System.Net.Http.Json;
using Fleet.Tests.Api;
using Fleet.Tests.Support;
using Microsoft.Playwright;

namespace Fleet.Tests.Operations;

/// <summary>
/// The operators' dashboard in a real browser (Debian's chromium through Playwright) while a batch of scanned pages
/// runs on <c>fleet serve</c>: log in with an API key, watch the chunk queue's depth and the batch's pages move, see the
/// batch end Completed with every page done, open its documents. Screenshots land in artifacts/.
/// </summary>
public sealed class DashboardBrowserTests : FleetServerFixture
{
    private const string Key = "dashboard-test-key";
    private const string ChromiumPath = "/usr/bin/chromium";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Api:Keys:0:Key"] = Key,
        ["Fleet:Api:Keys:0:Tenant"] = "operators",
        // One chunk at a time whatever the machine's cores, so the batch below lasts long enough to be seen running.
        ["Fleet:Worker:ChunkConcurrency"] = "1",
    };

    [Test]
    public async Task The_dashboard_shows_a_running_batch_live_until_it_is_done()
    {
        // Long enough (80 OCR pages at 300 DPI, one chunk each, one at a time; the test takes about 37 s on two EPYC
        // cores) for several of the dashboard's two-second readings to see it run on a faster machine too (20 pages two
        // at a time lasted about 4 s, and CI saw them only when done).
        const int documents = 40, pages = 2 * documents;
        for (var i = 0; i < documents; i++)
            AddInput($"scan-{i}.pdf", TestPdfs.Scanned(300, [$"Scanned page {i} for the operators' dashboard."], [$"And its second page, {i}."]));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromium(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await page.GotoAsync(new Uri(Client.BaseAddress!, "/dashboard").ToString());
        await page.FillAsync("#key", "not-the-key");
        await page.ClickAsync("#login button");
        Assert.That(await page.TextContentAsync("#login-error"), Does.Contain("not one this server accepts"));
        await page.FillAsync("#key", Key);
        await page.ClickAsync("#login button");
        await page.WaitForSelectorAsync("#queues tbody tr");
        Assert.That(page.Url, Does.Not.Contain(Key), "the key never travels in the URL");

        Client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        using var submitted = await Client.PostAsJsonAsync("/batches",
            new { inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName, mode = "ocr", chunkPages = 1, tag = "dashboard" });
        var batchId = (await submitted.Content.ReadFromJsonAsync<BatchAcceptedBody>())!.BatchId;
        var row = page.Locator($"tr[data-batch-id='{batchId}']");

        var depths = new List<int>();
        var pagesSeen = new List<int>();
        var readings = new List<string>();
        var screenshotTaken = false;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            timeout.Token.ThrowIfCancellationRequested();
            var depth = await page.Locator("tr[data-queue='process-page-chunk'] td.depth").AllTextContentsAsync();
            if (depth is [var d])
                depths.Add(int.Parse(d));
            var rows = await row.CountAsync();
            readings.Add($"{watch.Elapsed.TotalSeconds:0.0}s {await page.TextContentAsync("#updated")} depth {string.Join("|", depth)} row {rows}");
            if (rows == 1)
            {
                pagesSeen.Add(int.Parse((await row.GetAttributeAsync("data-pages-done"))!));
                if (!screenshotTaken && pagesSeen[^1] > 0 && depths.Count > 0 && depths[^1] > 0)
                    screenshotTaken = await Screenshot(page, "dashboard-running.png");
                if (await row.GetAttributeAsync("data-state") == "Completed")
                    break;
            }
            await Task.Delay(250);
        }

        await TestContext.Out.WriteLineAsync("readings:\n" + string.Join("\n", readings.Distinct()));
        await page.WaitForFunctionAsync($"() => document.querySelector(\"tr[data-batch-id='{batchId}']\")?.dataset.pagesDone === '{pages}'");
        await row.ClickAsync();
        await page.WaitForSelectorAsync("#documents tbody tr");
        await Screenshot(page, "dashboard-done.png");
        Assert.Multiple(async () =>
        {
            Assert.That(depths.Max(), Is.GreaterThan(0), "the chunk queue's depth rose while the batch ran");
            Assert.That(depths[^1], Is.Zero, "and fell back to zero");
            Assert.That(pagesSeen.Any(p => p is > 0 and < pages), Is.True, $"the batch's pages moved while it ran (seen: {string.Join(",", pagesSeen.Distinct())})");
            Assert.That(await row.GetAttributeAsync("data-pages-total"), Is.EqualTo(pages.ToString()));
            Assert.That(await row.Locator("td.eta").TextContentAsync(), Is.EqualTo("done"));
            Assert.That(await page.Locator("#documents tbody tr").CountAsync(), Is.EqualTo(documents));
            Assert.That(await page.Locator("#documents td.status-succeeded").CountAsync(), Is.EqualTo(documents));
            Assert.That(await page.Locator("#depth-chart canvas").CountAsync(), Is.GreaterThan(0), "uPlot drew the depth chart");
        });
    }

    [Test]
    public async Task Without_a_session_the_page_is_the_login_form_and_the_feed_is_401()
    {
        using var anonymous = new HttpClient { BaseAddress = Client.BaseAddress };
        var page = await anonymous.GetStringAsync("/dashboard");
        using var feed = await anonymous.GetAsync("/dashboard/feed");
        using var wrong = await anonymous.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", "nope")]));

        Assert.That(page, Does.Contain("<form method=\"post\" action=\"/dashboard/login\""));
        Assert.That(feed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.Headers.Contains("Set-Cookie"), Is.False);
    }

    private static async Task<IBrowser> LaunchChromium(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail($"{ChromiumPath} is missing: .ci/run installs Debian's chromium for this test.");
            Assert.Ignore($"{ChromiumPath} is missing (apt-get install chromium); CI installs it and runs this test.");
        }
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"],
        });
    }

    private static async Task<bool> Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(RepoRoot(), "artifacts");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
        TestContext.Out.WriteLine($"screenshot: artifacts/{name}");
        return true;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                return dir.FullName;
        }
        return TestContext.CurrentContext.TestDirectory;
    }
}
