using Fleet.Contracts;
using Fleet.Infrastructure.Passwords;

namespace Fleet.Cli.Watch;

public sealed record WatchRequest(DirectoryInfo Folder, DirectoryInfo Output, ProcessingOptions Options, bool Recursive, TimeSpan Settle, bool Verbose,
    IReadOnlyList<BatchPassword> Passwords);
