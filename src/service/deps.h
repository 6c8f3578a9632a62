// The collaborators most services share, passed by reference from the
// composition root (src/app). Not a service locator: it holds only the
// infrastructure every use case needs (store, time, randomness, token cache).
#pragma once

#include "core/clock.h"
#include "core/random.h"
#include "service/service_metrics.h"
#include "service/token_cache.h"
#include "store/store.h"

namespace latchkey::service {

struct Deps {
  store::Store& store;
  const Clock& clock;
  Random& random;
  TokenCache& cache;
  ServiceMetrics* metrics = nullptr;  // null: nothing counted (unit tests)
};

}  // namespace latchkey::service
