using Fleet.Contracts;

namespace Fleet.Tests.Hostile;

/// <summary>
/// One input of the hostile corpus and what a user should see for it: the status, for a failure the exact reason, and
/// for a success the page count and a phrase the output text must hold (proof the page was really read).
/// </summary>
public sealed record HostileCase(string File, Func<byte[]> Make, ProcessingMode Mode, string Status, string? Reason = null, int? Pages = null,
    string? Text = null)
{
    public override string ToString() => File;
}
