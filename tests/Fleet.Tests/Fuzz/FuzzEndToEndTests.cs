using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.EndToEnd;

namespace Fleet.Tests.Fuzz;

/// <summary>A batch of damaged PDFs through the real pipeline: every one ends with a status, failures with a reason.</summary>
public sealed class FuzzEndToEndTests : EmbeddedFleetFixture
{
    // One of each seed and each kind of damage, plus a few more; text mode keeps it quick.
    private static readonly int[] Picked = [0, 1, 2, 3, 7, 11, 14, 18, 25, 33, 46, 59];

    [Test]
    public async Task A_batch_of_damaged_pdfs_completes_with_a_status_for_every_file_and_a_reason_for_every_failure()
    {
        var cases = Picked.Select(FuzzCorpus.Case).ToList();
        foreach (var input in cases)
        {
            AddInput(input.Name, input.Bytes);
        }

        var manifest = await RunBatch(new ProcessingOptions(Mode: ProcessingMode.Text));

        Assert.That(manifest.Documents.Select(d => d.Key), Is.EquivalentTo(cases.Select(c => c.Name)));
        foreach (var entry in manifest.Documents.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            await TestContext.Out.WriteLineAsync($"{entry.Key}: {entry.Status}{(entry.Reason is null ? "" : $" ({entry.Reason})")}");
            Assert.That(entry.Status, Is.AnyOf(DocumentStatus.Succeeded, DocumentStatus.Failed), entry.Key);
            if (entry.Status == DocumentStatus.Failed)
            {
                Assert.That(entry.Reason, Is.Not.Null.And.Not.Empty, entry.Key);
            }
        }
    }
}
