using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.EndToEnd;
using Fleet.Tests.Support;
using Fleet.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Hostile;

/// <summary>The byte and page caps are configuration: a file over either fails with the numbers, the batch goes on.</summary>
public sealed class DocumentLimitsEndToEndTests : EmbeddedFleetFixture
{
    protected override void Configure(IServiceCollection services) =>
        services.Configure<WorkerOptions>(o =>
        {
            o.MaxFileBytes = 100_000;
            o.MaxPages = 100;
        });

    [Test]
    public async Task Files_over_the_byte_or_page_cap_fail_with_the_numbers_and_others_succeed()
    {
        // About 195 KB: over the byte cap. The 150-page report is about 60 KB: under it, but over the page cap.
        var bomb = HostilePdfs.DecompressionBomb();
        AddInput("bomb.pdf", bomb);
        AddInput("report.pdf", HostilePdfs.LongReport(150));
        AddInput("letter.pdf", TestPdfs.BornDigital(["A short letter, well inside every limit."]));

        var manifest = await RunBatch(new ProcessingOptions(Mode: ProcessingMode.Text));

        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That(byKey["bomb.pdf"].Reason, Is.EqualTo($"file is {bomb.Length:N0} bytes, over the limit of 100,000 bytes"));
        Assert.That(byKey["report.pdf"].Reason, Is.EqualTo("150 pages, over the limit of 100"));
        Assert.That(byKey["letter.pdf"].Status, Is.EqualTo(DocumentStatus.Succeeded));
    }
}
