using System.Text.Json;
using Microsoft.Data.Sqlite;
using Rectify.Web.Evidence;
using Rectify.Web.Hosting;

namespace Rectify.Web.Backup;

public sealed record BackupInfo(string Name, string Path, DateTimeOffset CreatedAt, long DatabaseBytes, int EvidenceFiles);
