export { orderSchema, defaultProducts, ORDER_FULL_NAME, type Order, type Product } from './order-schema.js';
