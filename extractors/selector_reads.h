// Internal to the selector engine (selector.h); included only by selector.cc. Computes
// Selector::reads(): what of a page a compiled selector (selector_ast.h) can observe beyond its
// elements and their names, ids and classes (see DocumentReads in selector.h).
#ifndef PRESSOIR_EXTRACTORS_SELECTOR_READS_H_
#define PRESSOIR_EXTRACTORS_SELECTOR_READS_H_

#include "extractors/selector.h"
#include "extractors/selector_ast.h"

namespace pressoir::selector::internal {

// A static walk of `expr` (no document needed): the attribute names it tests or reads, whether
// it may read any attribute, and whether it may read text nodes or the string value of an
// element. Over-approximates: never misses something the evaluator may read.
DocumentReads ComputeReads(const Expr& expr);

}  // namespace pressoir::selector::internal

#endif  // PRESSOIR_EXTRACTORS_SELECTOR_READS_H_
