using Fleet.Contracts;
using Fleet.Infrastructure.Passwords;

namespace Fleet.Cli.Run;

public sealed record RunRequest(FileSystemInfo Input, DirectoryInfo Output, ProcessingOptions Options, bool Recursive, bool Verbose,
    IReadOnlyList<BatchPassword> Passwords);
