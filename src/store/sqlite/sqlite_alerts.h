// AlertStore on SQLite (sqlite_alerts.cc). Internal to the backend; kept out of
// aggregates.h so the alert tables stay one file's business.
// Thread safety: as Connections (any thread).
#pragma once

#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {

class SqliteAlerts final : public AlertStore {
 public:
  explicit SqliteAlerts(Connections& c) : c_(c) {}
  Result<std::optional<std::int64_t>> cursor(const std::string& name) override;
  Result<std::int64_t> init_cursor(const std::string& name, std::int64_t seq) override;
  Status advance(const std::string& name, std::int64_t from, std::int64_t to,
                 const std::vector<KnownDevice>& devices,
                 const std::vector<AlertDelivery>& deliveries) override;
  Result<bool> is_known_device(const KnownDevice& device) override;
  Result<int> count_known_devices(const std::string& account_id, const std::string& kind) override;
  Result<std::vector<AlertDelivery>> due(UnixTime now, int limit) override;
  Status record_attempt(const AlertDelivery& d, UnixTime now) override;
  Result<std::vector<AlertDelivery>> deliveries(std::int64_t event_seq) override;
  Result<bool> record_token_ip(const std::string& authz_id, const std::string& ip, UnixTime now,
                               const model::AuditEvent& event) override;
  Result<std::vector<model::Authorization>> expiring_unwarned(UnixTime now, UnixTime until,
                                                              int limit) override;
  Result<bool> record_expiring(const model::AuditEvent& event) override;
  Result<model::OAuthClient> find_client_by_secret_hash(const std::string& secret_hash) override;

 private:
  Connections& c_;
};

}  // namespace latchkey::store::sqlite
