using Fleet.Contracts;

namespace Fleet.Cli.Watch;

public sealed record WatchRequest(DirectoryInfo Folder, DirectoryInfo Output, ProcessingOptions Options, bool Recursive, TimeSpan Settle, bool Verbose);
