using Fleet.Engine.Ocr;

namespace Fleet.Tests.Ocr;

public class ActivationRecorderTests
{
    [Test]
    public void With_nothing_clipped_the_range_covers_every_value_to_within_one_bin()
    {
        var recorder = new ActivationRecorder(["t"]);
        recorder.Record("t", [-0.375f, 0f, 0.5f, 3f]);
        recorder.Record("t", [12f, -0.1f]);

        var range = recorder.Ranges(0)["t"];

        // Bins are 1/32 of an octave wide: the edge above a value is at most 2.2% past it.
        Assert.That(range[0], Is.InRange(-0.375f * 1.022f, -0.375f));
        Assert.That(range[1], Is.InRange(12f, 12f * 1.022f));
    }

    [Test]
    public void A_clipped_share_leaves_out_the_rare_largest_values()
    {
        var recorder = new ActivationRecorder(["t"]);
        var values = Enumerable.Range(0, 100_000).Select(i => (float)(i % 100) / 100).ToArray();
        values[0] = 40f; // one outlier in 100,000
        recorder.Record("t", values);

        Assert.That(recorder.Ranges(0)["t"][1], Is.GreaterThanOrEqualTo(40f));
        Assert.That(recorder.Ranges(1e-4)["t"][1], Is.InRange(0.99f, 1.03f), "the outlier is past the clip, the bulk is not");
        Assert.That(recorder.Ranges(1e-4)["t"][0], Is.Zero, "no negative values");
    }
}
