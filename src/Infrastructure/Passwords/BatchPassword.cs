namespace Fleet.Infrastructure.Passwords;

/// <summary>A password given for a batch: for the input <paramref name="Key"/>, or for any of its inputs when null.</summary>
public sealed record BatchPassword(string? Key, string Password)
{
    /// <summary>Shown instead of the password wherever a record is printed (logs, debuggers, test output).</summary>
    public override string ToString() => $"BatchPassword {{ Key = {Key ?? "(any)"}, Password = *** }}";
}
