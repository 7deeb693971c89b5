using Fleet.Bench;

// ./fleet bench ...: the launcher hands what follows `bench` to this tool.
return await BenchCommand.Create().Parse(args).InvokeAsync();
