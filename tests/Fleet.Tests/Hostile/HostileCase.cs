using Fleet.Contracts;

namespace Fleet.Tests.Hostile;

/// <summary>
/// One input of the hostile corpus and what a user should see for it: the status, and for a failure the exact reason.
/// </summary>
public sealed record HostileCase(string File, Func<byte[]> Make, ProcessingMode Mode, string Status, string? Reason = null, int? Pages = null)
{
    public override string ToString() => File;
}
