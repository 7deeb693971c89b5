using Fleet.Cli.Watch;
using Fleet.Tests.Support;

namespace Fleet.Tests.Images;

/// <summary>
/// <c>fleet watch</c> takes images as it takes PDFs: once they have settled and end as their kind does; a file still
/// being written (a JPEG without its end marker) waits, and is taken anyway after ten settle times.
/// </summary>
public sealed class WatchedImagesTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private DirectoryInfo root = null!;

    [SetUp]
    public void CreateFolders() => root = Directory.CreateTempSubdirectory("fleet-watched-images-");

    [TearDown]
    public void RemoveFolders() => root.Delete(recursive: true);

    [Test]
    public void Whole_images_are_ready_after_the_settle_time_and_a_cut_one_only_after_ten()
    {
        var inbox = root.CreateSubdirectory("inbox");
        var output = root.CreateSubdirectory("out");
        using var page = TestImages.Page(["Watched."], 72);
        var jpeg = TestImages.Jpeg(page, 1);
        File.WriteAllBytes(Path.Combine(inbox.FullName, "whole.png"), TestImages.Png(page));
        File.WriteAllBytes(Path.Combine(inbox.FullName, "whole.webp"), TestImages.WebP(page));
        File.WriteAllBytes(Path.Combine(inbox.FullName, "fax.tiff"), TestImages.TiffG4([page], 200));
        File.WriteAllBytes(Path.Combine(inbox.FullName, "still-writing.jpg"), TestImages.Truncated(jpeg, 0.7));
        File.WriteAllText(Path.Combine(inbox.FullName, "notes.txt"), "not a document");
        var clock = new SteppedClock(DateTimeOffset.UtcNow.AddMinutes(1));
        var watched = new WatchedFolder(inbox, output, recursive: false, Settle, clock);
        var state = WatchState.Load(output);

        Assert.That(watched.Ready(state), Is.Empty, "first seen now: not settled yet");
        clock.Now += Settle;
        Assert.That(watched.Ready(state).Select(f => f.Key), Is.EquivalentTo(new[] { "whole.png", "whole.webp", "fax.tiff" }));
        clock.Now += Settle * 10;
        Assert.That(watched.Ready(state).Select(f => f.Key), Does.Contain("still-writing.jpg").And.Not.Contain("notes.txt"));
    }

    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
