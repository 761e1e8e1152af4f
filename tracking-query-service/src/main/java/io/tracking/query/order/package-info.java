/**
 * Delivery orders registered by dispatch, and who may follow an order's driver.
 */
@NullMarked
package io.tracking.query.order;

import org.jspecify.annotations.NullMarked;
