using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.EndToEnd;
using Fleet.Tests.Support;
using Fleet.Worker;
using Fleet.Engine.Ocr;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Hostile;

/// <summary>A stalled page fails its own document with a reason naming the page; documents beside it still succeed.</summary>
public sealed class PageTimeoutEndToEndTests : EmbeddedFleetFixture
{
    protected override void Configure(IServiceCollection services)
    {
        services.Configure<WorkerOptions>(o => o.PageTimeout = TimeSpan.FromSeconds(1));
        services.AddSingleton<IOcrEngine>(new StallingOcrEngine());
    }

    [Test]
    public async Task A_page_that_stalls_fails_its_document_with_the_page_and_limit_and_the_batch_completes()
    {
        AddInput("stalls.pdf", TestPdfs.Scanned(150, ["Nobody will ever read this scanned line."]));
        AddInput("letter.pdf", TestPdfs.BornDigital([
            "This letter has a good text layer, so it never waits for the OCR engine.",
            "It must come through even when another document in the batch times out.",
            "A third line gives the text layer quality check more than enough to go on.",
        ]));

        var manifest = await RunBatch(new ProcessingOptions());

        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That(byKey["stalls.pdf"].Status, Is.EqualTo(DocumentStatus.Failed));
        Assert.That(byKey["stalls.pdf"].Reason, Is.EqualTo("timed out after 1 s on page 1"));
        Assert.That(byKey["letter.pdf"].Status, Is.EqualTo(DocumentStatus.Succeeded));
    }
}
